package bayes

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// trend writes a linear trend on uncentred x into dir, whose intercept
// and slope have correlation about -0.99, so that a low-rank metric keeps
// a direction, and returns a request for it.
func trend(t *testing.T, dir string) Request {
	t.Helper()
	model := filepath.Join(dir, "trend.bym")
	src := "data {\n  int N;\n  vector[N] x;\n  vector[N] y;\n}\nparameters {\n  real a;\n  real b;\n  real<lower=0> s;\n}\n" +
		"model {\n  a ~ normal(0, 100);\n  b ~ normal(0, 10);\n  s ~ normal(0, 5);\n  y ~ normal(a + b * x, s);\n}\n"
	data := filepath.Join(dir, "trend.json")
	js := `{"N": 6, "x": [10, 11, 12, 13, 14, 15], "y": [3.1, 3.9, 5.2, 5.8, 7.1, 8.0]}`
	if err := os.WriteFile(model, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	req := schools(t)
	req.Model, req.Data = model, data
	return req
}

// TestAdaptFrom: a run with AdaptFrom reuses the saved run's metric bit
// for bit and, with no warmup, its step size as it is; with more chains
// than the run, chain c takes chain c mod its chains'. state.json records
// where the adaptation came from, and the Stan CSV files carry the
// low-rank directions after the diagonal.
func TestAdaptFrom(t *testing.T) {
	tmp := t.TempDir()
	first := trend(t, tmp)
	first.Sampler.Metric, first.Sampler.Adapt, first.Sampler.Warmup = sampler.LowRank, sampler.AdaptNutpie, 300
	first.OutputDir = filepath.Join(tmp, "first")
	if _, err := Sample(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	saved, err := ReadRunState(first.OutputDir)
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(filepath.Join(first.OutputDir, "trend_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(csv, []byte("# Low-rank directions of inverse mass matrix (eigenvalue, then eigenvector):\n")) {
		t.Error("the Stan CSV file has no low-rank directions")
	}
	if chains := readChains(t, first.OutputDir, false); len(chains[0].Adaptation.InvMetric) != saved.Dim {
		t.Errorf("the CSV's inverse metric reads back with %d entries, want the diagonal's %d", len(chains[0].Adaptation.InvMetric), saved.Dim)
	}

	var log bytes.Buffer
	again := trend(t, tmp)
	again.Sampler.Chains, again.Sampler.Warmup, again.Sampler.Metric, again.Sampler.Seed = 3, 0, sampler.LowRank, 9
	again.AdaptFrom, again.OutputDir, again.Log = first.OutputDir, filepath.Join(tmp, "again"), &log
	run, err := Sample(context.Background(), again)
	if err != nil {
		t.Fatal(err)
	}
	st, err := ReadRunState(again.OutputDir)
	if err != nil {
		t.Fatal(err)
	}
	if st.AdaptFrom != first.OutputDir || st.Metric != "low_rank_e" {
		t.Errorf("state.json: adapt_from %q, metric %s", st.AdaptFrom, st.Metric)
	}
	for c, cs := range st.ChainStates {
		want := saved.ChainStates[c%2]
		if cs.Stepsize != want.Stepsize || !slices.Equal(cs.InvMetric, want.InvMetric) || !slices.Equal(cs.LowRank, want.LowRank) {
			t.Errorf("chain %d: step size %v and metric %v %v, want the saved chain %d's %v %v %v",
				c+1, cs.Stepsize, cs.InvMetric, cs.LowRank, c%2+1, want.Stepsize, want.InvMetric, want.LowRank)
		}
		for _, s := range run.Stats[c] {
			if s.Stepsize != want.Stepsize {
				t.Fatalf("chain %d sampled with step size %v, want the saved %v", c+1, s.Stepsize, want.Stepsize)
			}
		}
	}
	if strings.Contains(log.String(), "another model") {
		t.Errorf("a note of another model for the same model: %s", log.String())
	}
}

// TestAdaptFromRefuses: an adaptation that cannot be reused is one error
// naming --adapt-from and what differs; another model of the same size
// gets a note.
func TestAdaptFromRefuses(t *testing.T) {
	tmp := t.TempDir()
	first := schools(t)
	first.OutputDir = filepath.Join(tmp, "first")
	if _, err := Sample(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	one := filepath.Join(tmp, "one.bym")
	if err := os.WriteFile(one, []byte("parameters {\n  real x;\n}\nmodel {\n  x ~ normal(0, 1);\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Request)
		want string
	}{
		{"metric", func(r *Request) { r.Sampler.Metric = sampler.Dense },
			"--adapt-from " + first.OutputDir + " reuses the run's diag_e metric as it is: --metric dense_e is another (leave --metric out)"},
		{"dimension", func(r *Request) { r.Model, r.Data = one, "" },
			"--adapt-from " + first.OutputDir + ": the run's model has 10 unconstrained coordinates, " + one + " has 1: its metric cannot be reused"},
		{"missing", func(r *Request) { r.AdaptFrom = tmp },
			"--adapt-from " + tmp + ": there is no state.json"},
		{"resume", func(r *Request) { r.Resume = first.OutputDir },
			"--resume " + first.OutputDir + " continues the run with its own adaptation: it takes no --adapt-from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := schools(t)
			req.AdaptFrom = first.OutputDir
			tc.edit(&req)
			_, err := Sample(context.Background(), req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	var log bytes.Buffer
	other := schools(t)
	other.Model, other.AdaptFrom, other.Log = filepath.Join("models", "eight_schools.bym"), first.OutputDir, &log
	if _, err := Sample(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "note: --adapt-from "+first.OutputDir+": the run sampled another model or data") {
		t.Errorf("no note of another model: %q", log.String())
	}
}

// TestFillAdaptFrom: bayes sample --adapt-from takes the run's metric and
// AdaptFromWarmup unless the flags are given, and refuses another metric.
func TestFillAdaptFrom(t *testing.T) {
	st := &RunState{Metric: "dense_e"}
	req := schools(t)
	req.Sampler.Warmup = 1000
	if err := st.FillAdaptFrom(&req, func(string) bool { return false }); err != nil {
		t.Fatal(err)
	}
	if req.Sampler.Metric != sampler.Dense || req.Sampler.Warmup != AdaptFromWarmup {
		t.Errorf("metric %s, warmup %d; want dense_e and %d", req.Sampler.Metric, req.Sampler.Warmup, AdaptFromWarmup)
	}
	req.Sampler.Metric, req.Sampler.Warmup = sampler.Diag, 70
	err := st.FillAdaptFrom(&req, func(f string) bool { return f == "metric" || f == "warmup" })
	if err == nil || !strings.Contains(err.Error(), "--metric diag_e is another") {
		t.Errorf("got %v, want a refusal of --metric diag_e", err)
	}
	if req.Sampler.Warmup != 70 {
		t.Errorf("a given --warmup 70 became %d", req.Sampler.Warmup)
	}
}
