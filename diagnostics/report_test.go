package diagnostics

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"testing"
)

// TestWriteReportJSON checks the report's layout against goldens and reads
// it back: the numbers must be exactly those computed.
func TestWriteReportJSON(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *WarningInput)
	}{
		{"well", func(in *WarningInput) {
			in.Summary = append(in.Summary, VarSummary{Name: "fixed", Mean: 1, SD: 0, Median: 1, Q5: 1, Q95: 1,
				ESSBulk: math.NaN(), ESSTail: math.NaN(), Rhat: math.NaN(), MCSEMean: math.NaN(), MCSESD: math.NaN()})
		}},
		{"no_stats", func(in *WarningInput) { in.Stats, in.MaxTreedepth = nil, 0 }},
		{"everything", func(in *WarningInput) {
			diverge(in, 4)
			in.Summary[1].Rhat, in.Summary[1].ESSBulk, in.Summary[1].ESSTail = 1.08, 45, 80
			in.Stats[2][7].Treedepth = 10
			for i := range in.Stats[2] {
				in.Stats[2][i].Energy = float64(i)
			}
			in.FunnelCandidates = []string{"theta"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := wellInput()
			in.Stats = goodStats(4, 10) // short chains keep the golden small
			in.Draws = 10
			tt.edit(&in)
			var buf bytes.Buffer
			if err := WriteReportJSON(&buf, in); err != nil {
				t.Fatal(err)
			}
			golden(t, "report_"+tt.name+".golden", buf.Bytes())

			var doc struct {
				Version       int `json:"version"`
				Chains        int `json:"chains"`
				DrawsPerChain int `json:"draws_per_chain"`
				Summary       []map[string]any
				Sampler       *struct {
					Divergences           int
					DivergencesPerChain   []int      `json:"divergences_per_chain"`
					TreedepthHitsPerChain []int      `json:"treedepth_hits_per_chain"`
					EBFMIPerChain         []*float64 `json:"ebfmi_per_chain"`
				}
				Warnings []struct{ Kind string }
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("report is not JSON: %v", err)
			}
			if doc.Version != ReportVersion || doc.Chains != in.Chains || doc.DrawsPerChain != in.Draws {
				t.Errorf("version, chains, draws = %d, %d, %d", doc.Version, doc.Chains, doc.DrawsPerChain)
			}
			for i, v := range in.Summary {
				for k, x := range v.values() {
					got := doc.Summary[i][summaryFields[k+1]]
					if got == nil && math.IsNaN(x) {
						continue
					}
					if f, ok := got.(float64); !ok || f != x {
						t.Errorf("%s %s: read back %v; want %v", v.Name, summaryFields[k+1], got, x)
					}
				}
			}
			if (doc.Sampler == nil) != (in.Stats == nil) {
				t.Fatalf("sampler = %v with stats %v", doc.Sampler, in.Stats != nil)
			}
			if in.Stats != nil {
				sd := CheckSampler(in.Stats, in.MaxTreedepth)
				if !slices.Equal(doc.Sampler.DivergencesPerChain, sd.Divergences) ||
					!slices.Equal(doc.Sampler.TreedepthHitsPerChain, sd.TreedepthHits) {
					t.Errorf("sampler = %+v; want %+v", doc.Sampler, sd)
				}
				for c, b := range doc.Sampler.EBFMIPerChain {
					if b == nil || *b != sd.EBFMI[c] {
						t.Errorf("ebfmi[%d] = %v; want %v", c, b, sd.EBFMI[c])
					}
				}
			}
			var kinds []string
			for _, w := range Warnings(in) {
				kinds = append(kinds, w.Kind)
			}
			var gotKinds []string
			for _, w := range doc.Warnings {
				gotKinds = append(gotKinds, w.Kind)
			}
			if !slices.Equal(gotKinds, kinds) {
				t.Errorf("warning kinds = %v; want %v", gotKinds, kinds)
			}
		})
	}
}
