package diagnostics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// manyStanCSV are 9 chains of 40 draws in Stan CSV form: the sampler
// columns, then 13 model quantities (enough for summarizeStanCSV to copy
// them in groups), one of them constant.
func manyStanCSV() ([]string, []*runfiles.StanCSV) {
	cols := []string{"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"}
	for k := range 12 {
		cols = append(cols, fmt.Sprintf("theta.%d", k+1))
	}
	cols = append(cols, "fixed")
	var names []string
	var chains []*runfiles.StanCSV
	for c := range 9 {
		r := rand.New(rand.NewPCG(77, uint64(c)))
		s := &runfiles.StanCSV{Settings: map[string]string{"max_depth": "10"}, Columns: cols}
		for range 40 {
			row := make([]float64, len(cols))
			for j := range row {
				row[j] = float64(j) + r.NormFloat64()
			}
			row[3] = float64(r.IntN(4))      // treedepth__
			row[5] = float64(r.IntN(10) / 9) // divergent__
			row[len(row)-1] = 2.5            // fixed
			s.Draws = append(s.Draws, row)
		}
		names = append(names, fmt.Sprintf("chain%d.csv", c+1))
		chains = append(chains, s)
	}
	return names, chains
}

// TestWarningInputMatchesColumns checks that WarningInputFromStanCSV, which
// copies a few columns at a time out of the rows, gives exactly the summary
// of Summarize(Columns(...)) and the sampler statistics of each row, for
// several numbers of workers (so for copies of one and of several columns).
func TestWarningInputMatchesColumns(t *testing.T) {
	names, chains := manyStanCSV()
	cols, err := Columns(names, chains)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Summarize(cols)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 13 || want[0].Name != "theta[1]" || want[12].Name != "fixed" {
		t.Fatalf("Columns gave %d columns, first %q", len(want), want[0].Name)
	}
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			in, err := WarningInputFromStanCSV(names, chains)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Summary) != len(want) {
				t.Fatalf("%d rows, want %d", len(in.Summary), len(want))
			}
			for i, v := range in.Summary {
				if !sameSummary(v, want[i]) {
					t.Errorf("row %d: %+v, Summarize(Columns) %+v", i, v, want[i])
				}
			}
			if in.Chains != 9 || in.Draws != 40 || in.MaxTreedepth != 10 || len(in.Stats) != 9 {
				t.Fatalf("chains %d, draws %d, max depth %d, %d chains of stats", in.Chains, in.Draws, in.MaxTreedepth, len(in.Stats))
			}
			for c, chain := range chains {
				for i, row := range chain.Draws {
					d := runfiles.Draw{Divergent: row[5] != 0, Treedepth: int(row[3]), Energy: row[6]}
					if in.Stats[c][i] != d {
						t.Fatalf("chain %d draw %d: stats %+v, want %+v", c, i, in.Stats[c][i], d)
					}
				}
			}
		})
	}
}

// sameSummary is v == w with NaN equal to NaN.
func sameSummary(v, w VarSummary) bool {
	a, b := v.values(), w.values()
	for k := range a {
		if a[k] != b[k] && !(math.IsNaN(a[k]) && math.IsNaN(b[k])) {
			return false
		}
	}
	return v.Name == w.Name
}

func TestWarningInputErrors(t *testing.T) {
	names, chains := manyStanCSV()
	empty := *chains[1]
	empty.Draws = nil
	noStats := make([]*runfiles.StanCSV, len(chains))
	for c, ch := range chains {
		s := *ch
		s.Columns = append([]string{}, ch.Columns...)
		s.Columns[5] = "divergent" // not a sampler column any more
		noStats[c] = &s
	}
	tests := []struct {
		name   string
		chains []*runfiles.StanCSV
		want   string
	}{
		{"no files", nil, "no Stan CSV files"},
		{"short chain", []*runfiles.StanCSV{chains[0], &empty}, "chain2.csv: 0 draws"},
		{"no draws", []*runfiles.StanCSV{&empty, &empty}, "theta[1] has no draws"},
		{"different columns", []*runfiles.StanCSV{chains[0], noStats[1]}, "columns differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := WarningInputFromStanCSV(names[:len(tt.chains)], tt.chains)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	in, err := WarningInputFromStanCSV(names, noStats)
	if err != nil {
		t.Fatal(err)
	}
	if in.Stats != nil {
		t.Errorf("stats without a divergent__ column: %d chains, want nil", len(in.Stats))
	}
}
