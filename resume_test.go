package bayes

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/sampler"
)

// gqSchools writes the non-centered eight schools with a generated
// quantity drawn at random into dir, so that a resumed run must carry the
// generated quantities' stream too.
func gqSchools(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("models", "eight_schools_noncentered.bym"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "schools_gq.bym")
	gq := "\ngenerated quantities {\n  real y_new = normal_rng(mu, tau);\n}\n"
	if err := os.WriteFile(path, append(src, gq...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readChains reads a run's draws, warmup included: its Stan CSV files or
// its draws.npy.
func readChains(t *testing.T, dir string, npy bool) []*runfiles.StanCSV {
	t.Helper()
	if npy {
		chains, err := runfiles.ReadNPYRun(dir)
		if err != nil {
			t.Fatal(err)
		}
		return chains
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	var chains []*runfiles.StanCSV
	for _, f := range files {
		if filepath.Base(f) == "summary.csv" {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := runfiles.ReadStanCSV(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		chains = append(chains, s)
	}
	return chains
}

// sameRows reports the first row where a and b differ, bit for bit.
func sameRows(t *testing.T, what string, a, b [][]float64) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d rows and %d", what, len(a), len(b))
	}
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Fatalf("%s: row %d differs:\n%v\n%v", what, i+1, a[i], b[i])
		}
	}
}

// TestResumeEqualsOneLongerRun: 1000 warmup and 1000 draws, continued
// with --resume for 1000 more, are one run of 1000 and 2000 bit for bit:
// every column of every draw, the settings of the files' headers (but
// output.file), the summary and the state left for another resume. With
// thinning that does not divide the samples, the warmup draws saved, the
// dense metric and the npy format, the same.
func TestResumeEqualsOneLongerRun(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		warmup, samples, thin int
		metric                sampler.Metric
		saveWarmup            bool
		format                string
		adapt                 sampler.AdaptMethod
	}{
		{"csv 1000+1000+1000", 1000, 1000, 1, sampler.Diag, false, "csv", sampler.AdaptStan},
		{"npy thin 3 dense save warmup", 200, 100, 3, sampler.Dense, true, "npy", sampler.AdaptStan},
		{"csv thin 3 save warmup", 200, 100, 3, sampler.Diag, true, "csv", sampler.AdaptStan},
		{"csv low-rank nutpie", 300, 100, 1, sampler.LowRank, false, "csv", sampler.AdaptNutpie}, // on a trend: a low-rank direction
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			req := schools(t)
			req.Model = gqSchools(t, tmp)
			if tc.metric == sampler.LowRank {
				req = trend(t, tmp)
			}
			req.Sampler.Warmup, req.Sampler.Samples, req.Sampler.Thin = tc.warmup, tc.samples, tc.thin
			req.Sampler.Metric, req.SaveWarmup, req.OutputFormat = tc.metric, tc.saveWarmup, tc.format
			req.Sampler.Adapt = tc.adapt
			req.Sampler.Seed = 2022

			two := req
			two.OutputDir = filepath.Join(tmp, "resumed")
			if _, err := Sample(context.Background(), two); err != nil {
				t.Fatal(err)
			}
			more := req
			more.Resume = two.OutputDir
			resumed, err := Sample(context.Background(), more)
			if err != nil {
				t.Fatal(err)
			}
			one := req
			one.Sampler.Samples = 2 * tc.samples
			one.OutputDir = filepath.Join(tmp, "one")
			whole, err := Sample(context.Background(), one)
			if err != nil {
				t.Fatal(err)
			}

			a, b := readChains(t, two.OutputDir, tc.format == "npy"), readChains(t, one.OutputDir, tc.format == "npy")
			if len(a) != 2 || len(b) != 2 {
				t.Fatalf("%d and %d chains", len(a), len(b))
			}
			for c := range a {
				if !slices.Equal(a[c].Columns, b[c].Columns) {
					t.Fatalf("columns %v and %v", a[c].Columns, b[c].Columns)
				}
				sameRows(t, "warmup", a[c].Warmup, b[c].Warmup)
				sameRows(t, "draws", a[c].Draws, b[c].Draws)
				if want := (2*tc.samples + tc.thin - 1) / tc.thin; len(a[c].Draws) != want {
					t.Fatalf("%d draws, want %d", len(a[c].Draws), want)
				}
				delete(a[c].Settings, "output.file")
				delete(b[c].Settings, "output.file")
				delete(a[c].Settings, "file")
				delete(b[c].Settings, "file")
				for k, v := range b[c].Settings {
					if a[c].Settings[k] != v {
						t.Errorf("header %s = %q, one run has %q", k, a[c].Settings[k], v)
					}
				}
				if !slices.Equal(a[c].Adaptation.InvMetric, b[c].Adaptation.InvMetric) || a[c].Adaptation.Stepsize != b[c].Adaptation.Stepsize {
					t.Errorf("the adaptation differs")
				}
			}
			if !reflect.DeepEqual(resumed.Summary, whole.Summary) {
				t.Errorf("the summaries differ")
			}
			sa, err := ReadRunState(two.OutputDir)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := ReadRunState(one.OutputDir)
			if err != nil {
				t.Fatal(err)
			}
			sa.Model, sb.Model = "", ""
			for c := range sa.ChainStates {
				x, y := sa.ChainStates[c], sb.ChainStates[c]
				if !slices.Equal(x.Position, y.Position) || !slices.Equal(x.RNG, y.RNG) || !slices.Equal(x.GQRNG, y.GQRNG) ||
					x.Iterations != y.Iterations || x.Stepsize != y.Stepsize || !slices.Equal(x.InvMetric, y.InvMetric) ||
					!slices.Equal(x.LowRank, y.LowRank) {
					t.Errorf("chain %d: the states differ", c+1)
				}
			}
			if tc.metric == sampler.LowRank && len(sa.ChainStates[0].LowRank) == 0 {
				t.Errorf("state.json keeps no low-rank direction")
			}
			if sa.Samples != 2*tc.samples {
				t.Errorf("state.json counts %d samples, want %d", sa.Samples, 2*tc.samples)
			}
		})
	}
}

// TestResumeRefuses: a resume whose model, data or settings are not the
// run's, on the GPU sampler, or of a run with no state is one error that
// names what differs, and leaves the run's files as they were.
func TestResumeRefuses(t *testing.T) {
	tmp := t.TempDir()
	req := schools(t)
	req.OutputDir = filepath.Join(tmp, "run")
	if _, err := Sample(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	otherData := filepath.Join(tmp, "other.json")
	b, _ := os.ReadFile(req.Data)
	os.WriteFile(otherData, []byte(strings.Replace(string(b), "28", "29", 1)), 0o644)
	otherModel := filepath.Join(tmp, "other.bym")
	b, _ = os.ReadFile(req.Model)
	os.WriteFile(otherModel, append(b, "\n// a comment\n"...), 0o644)
	before, _ := os.ReadFile(filepath.Join(req.OutputDir, "eight_schools_noncentered_1.csv"))
	for _, c := range []struct {
		name string
		edit func(*Request)
		want string
	}{
		{"data", func(r *Request) { r.Data = otherData }, "the data " + otherData + " is not the run's"},
		{"model", func(r *Request) { r.Model = otherModel }, "the model " + otherModel + " is not the run's"},
		{"thin", func(r *Request) { r.Sampler.Thin = 2 }, "--thin 2 (the run had 1)"},
		{"metric and seed", func(r *Request) { r.Sampler.Metric, r.Sampler.Seed = sampler.Dense, 4 },
			"--seed 4 (the run had 3); --metric dense_e (the run had diag_e)"},
		{"format", func(r *Request) { r.OutputFormat = "npy" }, "--output-format npy (the run wrote csv)"},
		{"cuda", func(r *Request) { r.Device = DeviceCUDA }, "--resume is for the CPU sampler (--device cpu): the GPU sampler (--device cuda)"},
		{"c", func(r *Request) { r.Device = DeviceC }, "--resume is for the CPU sampler"},
		{"another output dir", func(r *Request) { r.OutputDir = tmp }, "--output-dir " + tmp + " is another"},
		{"no state", func(r *Request) { r.Resume = tmp }, "there is no state.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := schools(t)
			r.Resume = req.OutputDir
			c.edit(&r)
			_, err := Sample(context.Background(), r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			after, _ := os.ReadFile(filepath.Join(req.OutputDir, "eight_schools_noncentered_1.csv"))
			if string(after) != string(before) {
				t.Fatal("a refused resume changed the run's files")
			}
		})
	}
}

// TestResumeFillsSettings: the settings not given are the run's; one
// given with another value is named.
func TestResumeFillsSettings(t *testing.T) {
	st := &RunState{Seed: 9, Chains: 3, Warmup: 20, Thin: 2, MaxDepth: 7, AdaptDelta: 0.9, Metric: "dense_e",
		Stepsize: 0.5, Init: "0.5", SaveWarmup: true, Data: "d.json"}
	req := Request{Sampler: sampler.DefaultConfig(), RandomSeed: true}
	given := map[string]bool{"thin": true, "chains": true}
	err := st.FillFromState(&req, func(f string) bool { return given[f] })
	if want := "--thin 1 (the run had 2), --chains 4 (the run had 3)"; err == nil || !strings.Contains(err.Error(), "--chains 4 (the run had 3), --thin 1 (the run had 2)") {
		t.Fatalf("error %v, want one naming %s", err, want)
	}
	req = Request{Sampler: sampler.DefaultConfig(), RandomSeed: true}
	if err := st.FillFromState(&req, func(string) bool { return false }); err != nil {
		t.Fatal(err)
	}
	c := req.Sampler
	if c.Seed != 9 || req.RandomSeed || c.Chains != 3 || c.Warmup != 20 || c.Thin != 2 || c.MaxTreeDepth != 7 ||
		c.AdaptDelta != 0.9 || c.Metric != sampler.Dense || c.Stepsize != 0.5 || c.InitRadius != 0.5 || !req.SaveWarmup || req.Data != "d.json" {
		t.Fatalf("filled %+v", req)
	}
}
