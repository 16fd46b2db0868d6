package loo

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// The reference values in testdata/loo_reference.csv come from R's loo
// 2.5.1 (Debian r-cran-loo 2.5.1-1, R 4.2.2) run by
// testdata/loo_reference.R on the draws in testdata/runs: relative_eff on
// exp(log_lik) from the chains, loo(ll, r_eff = r_eff) and loo_compare.
// Both read the same CSV text, so the draws are the same to the last
// digit printed and the results agree far below the 1e-6 asked for.
const refTol = 1e-6

// refRuns are the runs of the reference, by their directory under
// testdata/runs.
var refRuns = []string{"eight_schools", "pooled", "pooled_outlier"}

// reference reads testdata/loo_reference.csv: run -> what -> index -> value.
func reference(t *testing.T) map[string]map[string]map[int]float64 {
	t.Helper()
	f, err := os.Open("testdata/loo_reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]map[int]float64{}
	for _, row := range rows[1:] {
		i, err1 := strconv.Atoi(row[2])
		v, err2 := strconv.ParseFloat(row[3], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad reference row %v", row)
		}
		if out[row[0]] == nil {
			out[row[0]] = map[string]map[int]float64{}
		}
		if out[row[0]][row[1]] == nil {
			out[row[0]][row[1]] = map[int]float64{}
		}
		out[row[0]][row[1]][i] = v
	}
	return out
}

// unpackRun writes the gzipped Stan CSV files of testdata/runs/NAME into a
// temporary directory and returns it: a run directory as bayes sample
// --output-dir leaves it.
func unpackRun(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata/runs", name, "*.csv.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in testdata/runs/%s: %v", name, err)
	}
	for _, path := range files {
		in, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".gz")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, zr); err != nil {
			t.Fatal(err)
		}
		out.Close()
		in.Close()
	}
	return dir
}

// computeRun is bayes loo's path for one run directory.
func computeRun(t *testing.T, dir string) *Result {
	t.Helper()
	paths, chains, err := runfiles.ReadRuns([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	names, ll, err := ReadLogLik(paths, chains, DefaultVar)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(DefaultVar, names, ll)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= refTol*math.Max(1, math.Abs(want))
}

func TestMatchesRLoo(t *testing.T) {
	ref := reference(t)
	results := map[string]*Result{}
	for _, run := range refRuns {
		t.Run(run, func(t *testing.T) {
			r := computeRun(t, unpackRun(t, run))
			results[run] = r
			want := ref[run]
			for _, c := range []struct {
				what string
				got  float64
			}{
				{"elpd_loo", r.ElpdLoo.Value}, {"se_elpd_loo", r.ElpdLoo.SE},
				{"p_loo", r.PLoo.Value}, {"se_p_loo", r.PLoo.SE},
				{"looic", r.LooIC.Value}, {"se_looic", r.LooIC.SE},
			} {
				if w := want[c.what][0]; !near(c.got, w) {
					t.Errorf("%s = %.10g, loo gives %.10g", c.what, c.got, w)
				}
			}
			if len(r.Points) != len(want["pareto_k"]) {
				t.Fatalf("%d observations, loo has %d", len(r.Points), len(want["pareto_k"]))
			}
			for i, p := range r.Points {
				for _, c := range []struct {
					what string
					got  float64
				}{
					{"pointwise_elpd_loo", p.ElpdLoo}, {"pointwise_p_loo", p.PLoo}, {"pointwise_looic", p.LooIC},
					{"pareto_k", p.ParetoK}, {"n_eff", p.NEff}, {"r_eff", p.REff},
				} {
					if w := want[c.what][i+1]; !near(c.got, w) {
						t.Errorf("%s %s = %.10g, loo gives %.10g", p.Name, c.what, c.got, w)
					}
				}
			}
		})
	}
}

func TestCompareMatchesRLoo(t *testing.T) {
	ref := reference(t)
	a, b := computeRun(t, unpackRun(t, "eight_schools")), computeRun(t, unpackRun(t, "pooled"))
	cs, err := Compare([]string{"eight_schools", "pooled"}, []*Result{a, b})
	if err != nil {
		t.Fatal(err)
	}
	// loo_compare puts the pooled model first: its elpd_loo is higher.
	for j, want := range []string{"pooled", "eight_schools"} {
		c := cs[j]
		if c.Name != want {
			t.Fatalf("row %d is %s, loo_compare has %s", j+1, c.Name, want)
		}
		r := ref["compare_"+want]
		if !near(c.ElpdDiff, r["elpd_diff"][j+1]) || !near(c.SEDiff, r["se_diff"][j+1]) {
			t.Errorf("%s: elpd_diff %.10g se_diff %.10g, loo_compare gives %.10g %.10g",
				want, c.ElpdDiff, c.SEDiff, r["elpd_diff"][j+1], r["se_diff"][j+1])
		}
	}
}

// TestOutlierFlagged: school 8's y moved to 120 (testdata/schools_outlier.json)
// under complete pooling pulls the common effect away from the other seven
// schools; leaving it out moves the posterior far, which PSIS cannot follow.
// The warning must name it, and it alone; the runs on the real data get no
// k > 0.7 warning.
func TestOutlierFlagged(t *testing.T) {
	for _, tt := range []struct {
		run  string
		kind string
		vars []string
	}{
		{"pooled_outlier", WarnParetoK, []string{"log_lik[8]"}},
		{"eight_schools", WarnParetoKHigh, []string{"log_lik[2]", "log_lik[6]", "log_lik[4]"}},
		{"pooled", "", nil},
	} {
		t.Run(tt.run, func(t *testing.T) {
			ws := computeRun(t, unpackRun(t, tt.run)).Warnings()
			if tt.kind == "" {
				if len(ws) != 0 {
					t.Fatalf("warnings %+v, want none", ws)
				}
				return
			}
			if len(ws) != 1 || ws[0].Kind != tt.kind || !slices.Equal(ws[0].Vars, tt.vars) {
				t.Fatalf("warnings %+v, want one %s naming %v", ws, tt.kind, tt.vars)
			}
			for _, v := range tt.vars {
				if !strings.Contains(ws[0].Message, v) {
					t.Errorf("message %q does not name %s", ws[0].Message, v)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		k    float64
		want KClass
	}{
		{-0.3, Good}, {0.5, Good}, {0.5000001, OK}, {0.7, OK}, {0.71, Bad}, {1, Bad}, {1.01, VeryBad},
		{math.Inf(1), VeryBad}, {math.NaN(), VeryBad},
	} {
		if got := Classify(tt.k); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.k, got, tt.want)
		}
	}
}

// TestShortTail: with 20 draws the tail is ceil(0.2*20) = 4 < 5 draws, too
// few to fit: k is +Inf (very bad), the weights only truncated, as loo's
// do_psis_i leaves them.
func TestShortTail(t *testing.T) {
	ll := [][][]float64{{make([]float64, 20)}}
	for i := range ll[0][0] {
		ll[0][0][i] = -1 - 0.1*float64(i%7)
	}
	r, err := Compute("log_lik", []string{"log_lik[1]"}, ll)
	if err != nil {
		t.Fatal(err)
	}
	if p := r.Points[0]; !math.IsInf(p.ParetoK, 1) || Classify(p.ParetoK) != VeryBad {
		t.Errorf("k = %v, want +Inf", p.ParetoK)
	}
}

func TestComputeErrors(t *testing.T) {
	nan := [][][]float64{{{-1, -2, math.NaN(), -1}}}
	ragged := [][][]float64{{{-1, -2, -3}, {-1, -2}}}
	for _, tt := range []struct {
		name string
		ll   [][][]float64
		want string
	}{
		{"nan", nan, "log_lik[1] is NaN in chain 1, draw 3: every log-likelihood value must be finite"},
		{"ragged", ragged, "log_lik[1]: chain 2 has 2 draws"},
		{"empty", nil, "log_lik has no elements"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute("log_lik", []string{"log_lik[1]"}[:len(tt.ll)], tt.ll)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
