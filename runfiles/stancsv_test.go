package runfiles

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStanNames(t *testing.T) {
	tests := []struct{ stan, csv string }{
		{"mu", "mu"},
		{"theta[1]", "theta.1"},
		{"Sigma[1,2]", "Sigma.1.2"},
		{"x[10,2,3]", "x.10.2.3"},
		{"lp__", "lp__"},
	}
	for _, tt := range tests {
		t.Run(tt.stan, func(t *testing.T) {
			if got := CSVName(tt.stan); got != tt.csv {
				t.Errorf("CSVName(%q) = %q, want %q", tt.stan, got, tt.csv)
			}
			if got := StanName(tt.csv); got != tt.stan {
				t.Errorf("StanName(%q) = %q, want %q", tt.csv, got, tt.stan)
			}
		})
	}
}

// writeRun writes a small run: 2 saved warmup draws, the adaptation block,
// 3 sampling draws (one with NaN and infinities, one divergent), the timing.
func writeRun(t *testing.T, buf *bytes.Buffer, a Adaptation) ([][]float64, [][]float64) {
	t.Helper()
	cfg := DefaultStanCSVConfig()
	cfg.Model, cfg.NumWarmup, cfg.NumSamples, cfg.SaveWarmup = "eight_schools", 2, 3, true
	cfg.Chain, cfg.Seed, cfg.DataFile, cfg.Delta = 3, 20240601, "data/schools.json", 0.95
	w, err := NewStanCSVWriter(buf, cfg, []string{"mu", "theta[1]", "Sigma[1,2]"})
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]float64{
		{-7.5, 0.5, 1, 2, 3, 0, 8.25, 0.1, 1.0 / 3, 2},
		{-7, 0.9, 0.5, 3, 7, 0, 7.75, 0.2, math.Pi, -1e-300},
		{-6.1, 1, 0.8, 2, 3, 0, 6.5, 4.39, 6.23, 1e300},
		{-6.2, 0.75, 0.8, 3, 7, 1, 7.01, math.NaN(), math.Inf(1), math.Inf(-1)},
		{-5.9, 0.99, 0.8, 1, 1, 0, 6.2, -0.1, 0.1 + 0.2, 5e-324},
	}
	for i, r := range rows {
		if i == 2 {
			if err := w.WriteAdaptation(a); err != nil {
				t.Fatal(err)
			}
		}
		d := Draw{LP: r[0], AcceptStat: r[1], Stepsize: r[2], Treedepth: int(r[3]), NLeapfrog: int(r[4]), Divergent: r[5] == 1, Energy: r[6]}
		if err := w.WriteDraw(d, r[7:]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteDraw(Draw{}, []float64{1}); err == nil {
		t.Error("WriteDraw accepted a draw with the wrong number of values")
	}
	if err := w.WriteTiming(1500*time.Millisecond, 2250*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	return rows[:2], rows[2:]
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

func sameRows(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if !sameFloat(a[i][j], b[i][j]) {
				return false
			}
		}
	}
	return true
}

func TestStanCSVRoundTrip(t *testing.T) {
	adaptations := []struct {
		name string
		a    Adaptation
	}{
		{"diag", Adaptation{Stepsize: 0.8, InvMetric: []float64{1.5, 0.25}}},
		{"dense", Adaptation{Stepsize: 0.8, InvMetric: []float64{1.5, 0.1, 0.1, 0.25}, Dense: true}},
	}
	for _, tt := range adaptations {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			warm, draws := writeRun(t, &buf, tt.a)
			got, err := ReadStanCSV(&buf)
			if err != nil {
				t.Fatal(err)
			}
			wantCols := "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu,theta.1,Sigma.1.2"
			if c := strings.Join(got.Columns, ","); c != wantCols {
				t.Errorf("columns %s, want %s", c, wantCols)
			}
			if !sameRows(got.Warmup, warm) || !sameRows(got.Draws, draws) {
				t.Errorf("rows differ:\nwarmup %v, want %v\ndraws %v, want %v", got.Warmup, warm, got.Draws, draws)
			}
			a := got.Adaptation
			if a == nil || a.Stepsize != tt.a.Stepsize || a.Dense != tt.a.Dense || !sameRows([][]float64{a.InvMetric}, [][]float64{tt.a.InvMetric}) {
				t.Errorf("adaptation %+v, want %+v", a, tt.a)
			}
			for k, v := range map[string]string{
				"model": "eight_schools", "num_samples": "3", "num_warmup": "2", "save_warmup": "1",
				"delta": "0.95", "engine": "nuts", "metric": "diag_e", "id": "3", "seed": "20240601",
				"data.file": "data/schools.json", "output.file": "output.csv", "max_depth": "10",
			} {
				if got.Settings[k] != v {
					t.Errorf("setting %s = %q, want %q", k, got.Settings[k], v)
				}
			}
			if got.WarmupSeconds != 1.5 || got.SamplingSeconds != 2.25 || got.TotalSeconds != 3.75 {
				t.Errorf("times %g %g %g, want 1.5 2.25 3.75", got.WarmupSeconds, got.SamplingSeconds, got.TotalSeconds)
			}
			if col, ok := got.Column("theta[1]"); !ok || col[0] != 6.23 {
				t.Errorf("Column(theta[1]) = %v, %v", col, ok)
			}
		})
	}
}

// TestStanCSVKilledRun cuts a file in the middle of its last row, as a
// killed run leaves it: the complete rows must read back.
func TestStanCSVKilledRun(t *testing.T) {
	var buf bytes.Buffer
	_, draws := writeRun(t, &buf, Adaptation{Stepsize: 1, InvMetric: []float64{1, 1}})
	text := buf.String()
	last := strings.LastIndex(text, "\n-5.9,")
	got, err := ReadStanCSV(strings.NewReader(text[:last+12]))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Truncated || !sameRows(got.Draws, draws[:2]) {
		t.Errorf("truncated %v, draws %v; want true and %v", got.Truncated, got.Draws, draws[:2])
	}
	// Cut inside the last number: the fields parse, but the row is still
	// incomplete.
	end := strings.Index(text[last+1:], "\n") + last + 1
	got, err = ReadStanCSV(strings.NewReader(text[:end-1])) // "...,5e-32" parses
	if err != nil || !got.Truncated || len(got.Draws) != 2 {
		t.Errorf("cut inside a number: %v, truncated %v, %d draws; want nil, true, 2", err, got != nil && got.Truncated, len(got.Draws))
	}
	// Cut right after a newline: a valid file, nothing truncated.
	got, err = ReadStanCSV(strings.NewReader(text[:last+1]))
	if err != nil || got.Truncated || len(got.Draws) != 2 {
		t.Errorf("cut at a row boundary: %v, truncated %v, %d draws", err, got != nil && got.Truncated, len(got.Draws))
	}
}

// TestReadCmdStanFixture parses testdata/cmdstan_bernoulli.csv, a file in
// CmdStan 2.33's layout (CmdStan User's Guide, "Stan CSV File Format"; the
// bernoulli example) with save_warmup = 1, a blank line, a stray comment
// and CmdStan's "nan".
func TestReadCmdStanFixture(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "cmdstan_bernoulli.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadStanCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Columns) != 8 || s.Columns[7] != "theta" {
		t.Errorf("columns %v", s.Columns)
	}
	if len(s.Warmup) != 3 || len(s.Draws) != 5 {
		t.Errorf("%d warmup and %d draws, want 3 and 5", len(s.Warmup), len(s.Draws))
	}
	if s.Draws[0][0] != -6.77319 || !math.IsNaN(s.Draws[4][7]) || s.Draws[4][5] != 1 {
		t.Errorf("draws %v", s.Draws)
	}
	if a := s.Adaptation; a == nil || a.Stepsize != 0.893542 || len(a.InvMetric) != 1 || a.InvMetric[0] != 0.528003 || a.Dense {
		t.Errorf("adaptation %+v", s.Adaptation)
	}
	for k, v := range map[string]string{
		"method": "sample", "num_samples": "5", "thin": "1", "id": "2", "seed": "1234",
		"file": "bernoulli.data.json", "data.file": "bernoulli.data.json", "output.file": "output.csv",
		"metric_file": "", "stanc_version": "stanc3 v2.33.1", "adapt.delta": "0.8", "nuts.max_depth": "10",
	} {
		if got, ok := s.Settings[k]; !ok || got != v {
			t.Errorf("setting %s = %q (present %v), want %q", k, got, ok, v)
		}
	}
	if s.TotalSeconds != 0.016 || s.WarmupSeconds != 0.004 || s.SamplingSeconds != 0.012 {
		t.Errorf("times %g %g %g", s.WarmupSeconds, s.SamplingSeconds, s.TotalSeconds)
	}
}

func TestReadStanCSVErrors(t *testing.T) {
	header := "# model = m\nlp__,theta\n"
	tests := []struct {
		name, text, want string
	}{
		{"too few fields", header + "1,2\n3\n", "line 4: row has 1 fields, the header has 2 columns"},
		{"too many fields", header + "1,2,3\n", "line 3: row has 3 fields"},
		{"not a number", header + "1,abc\n", `line 3: column 2 (theta): "abc" is not a number`},
		{"bad step size", header + "# Adaptation terminated\n# Step size = x\n", `line 4: "x" is not a number`},
		{"no header", "# only comments\n\n", "no column header"},
		{"warmup count", "# save_warmup = 1\n# num_warmup = many\nlp__\n1\n", "not a valid count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadStanCSV(strings.NewReader(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDivergences(t *testing.T) {
	read := func(rows int) *StanCSV {
		var buf bytes.Buffer
		w, err := NewStanCSVWriter(&buf, DefaultStanCSVConfig(), []string{"mu"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			if err := w.WriteDraw(Draw{Divergent: i == 1}, []float64{float64(i)}); err != nil {
				t.Fatal(err)
			}
		}
		s, err := ReadStanCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if n := Divergences([]*StanCSV{read(3), read(3)}); n != 2 {
		t.Errorf("Divergences = %d, want 2", n)
	}
}
