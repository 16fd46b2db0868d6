package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// header reads setting key of a run's first Stan CSV file's header.
func header(t *testing.T, dir, key string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "eight_schools_noncentered_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "#"), "="); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "(Default)"))
		}
	}
	t.Fatalf("no %s in the header", key)
	return ""
}

// TestSampleAdapt: by default Stan's windows adapt a low-rank metric (the
// model has 10 coordinates) over 500 iterations, the first window after
// 25 (init_buffer), --adapt stan a diagonal one over Stan's 1000 after 75, nutpie's adaptation of a diagonal metric warms up for 400
// iterations and of a low-rank one for 800 unless --warmup is given, and
// --adapt-from DIR takes the run's metric with 150; bad combinations are
// one message naming the flags.
func TestSampleAdapt(t *testing.T) {
	tmp := t.TempDir()
	model := filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym")
	data := filepath.Join(repoRoot, "data", "schools.json")
	base := []string{"sample", model, "--data", data, "--chains", "2", "--samples", "50", "--seed", "4", "--quiet"}
	for _, c := range []struct {
		name         string
		args         []string
		warmup       string
		metric       string
		adapt        string
		adaptFromDir string
		initBuffer   string
	}{
		{"default", nil, "500", "low_rank_e", "", "", "25"},
		{"default warmup", []string{"--warmup", "300"}, "300", "low_rank_e", "", "", "25"},
		{"nutpie", []string{"--adapt", "nutpie", "--metric", "diag"}, "400", "diag_e", "nutpie", "", "75"},
		{"nutpie warmup", []string{"--adapt", "nutpie", "--metric", "diag", "--warmup", "120"}, "120", "diag_e", "nutpie", "", "75"},
		{"stan", []string{"--adapt", "stan"}, "1000", "diag_e", "", "", "75"},
		{"dense", []string{"--metric", "dense"}, "1000", "dense_e", "", "", "75"},
		{"low-rank", []string{"--adapt", "nutpie", "--metric", "auto"}, "800", "low_rank_e", "nutpie", "", "75"},
		{"adapt-from", []string{"--adapt-from", filepath.Join(tmp, "low-rank")}, "150", "low_rank_e", "", filepath.Join(tmp, "low-rank"), "75"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(tmp, c.name)
			args := append(append(clone(base), c.args...), "--output-dir", out)
			if _, stderr, code := bayes(args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if w, m := header(t, out, "num_warmup"), header(t, out, "metric"); w != c.warmup || m != c.metric {
				t.Errorf("num_warmup %s, metric %s; want %s and %s", w, m, c.warmup, c.metric)
			}
			if b := header(t, out, "init_buffer"); b != c.initBuffer {
				t.Errorf("init_buffer %s; want %s", b, c.initBuffer)
			}
			if c.adapt != "" && header(t, out, "bayes_adapt") != c.adapt {
				t.Errorf("the header does not say bayes_adapt = %s", c.adapt)
			}
			if c.adaptFromDir != "" && header(t, out, "bayes_adapt_from") != c.adaptFromDir {
				t.Errorf("the header does not say bayes_adapt_from = %s", c.adaptFromDir)
			}
			b, err := os.ReadFile(filepath.Join(out, "state.json"))
			if err != nil {
				t.Fatal(err)
			}
			var st struct {
				Adapt     string `json:"adapt"`
				AdaptFrom string `json:"adapt_from"`
			}
			if err := json.Unmarshal(b, &st); err != nil {
				t.Fatal(err)
			}
			if st.Adapt != c.adapt || st.AdaptFrom != c.adaptFromDir {
				t.Errorf("state.json: adapt %q, adapt_from %q; want %q and %q", st.Adapt, st.AdaptFrom, c.adapt, c.adaptFromDir)
			}
		})
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown", []string{"--adapt", "windowed"}, "--adapt windowed: must be nutpie (nutpie's, from draws and gradients), stan (Stan's windowed adaptation) or auto"},
		{"nutpie dense", []string{"--adapt", "nutpie", "--metric", "dense"}, "--adapt nutpie adapts a diag or low-rank metric, not --metric dense"},
		{"nutpie low-rank cuda", []string{"--adapt", "nutpie", "--metric", "low-rank", "--device", "cuda"}, "--adapt nutpie with --metric low_rank_e is for the CPU sampler (--device cpu)"},
		{"from and adapt", []string{"--adapt-from", tmp, "--adapt", "nutpie"}, "the run's metric is reused, none is adapted (leave --adapt out)"},
		{"from missing", []string{"--adapt-from", tmp}, "--adapt-from " + tmp + ": there is no state.json"},
		{"from and resume", []string{"--adapt-from", filepath.Join(tmp, "nutpie"), "--resume", filepath.Join(tmp, "nutpie")}, "it takes no --adapt-from"},
		{"from other metric", []string{"--adapt-from", filepath.Join(tmp, "nutpie"), "--metric", "dense"}, "reuses the run's diag_e metric as it is: --metric dense_e is another"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := bayes(append(clone(base), c.args...)...)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q, want it to contain %q", code, stderr, c.want)
			}
		})
	}
}

func clone(s []string) []string { return append([]string(nil), s...) }

// twoModesModel has a mode at x = 20 and one with exp(-60) of its mass at
// x = -20, behind a valley 170 below the minor one: a chain started there
// does not leave it.
const twoModesModel = `parameters {
  real x;
}
model {
  target += log_sum_exp(normal_lpdf(x | 20, 1), -60 + normal_lpdf(x | -20, 1));
}
`

// TestSampleRegroup: under the default adaptation, chains 1 and 3,
// started in the minor mode, continue from a chain of the main one at the
// second window's end (iteration 100; none is compared at the first's, 50:
// sampler's regroupFirst), with a note each, and all four sample the main
// mode; --adapt stan keeps chains apart, as Stan does (where its chains
// end up is left to chance: in one dimension the first step-size search
// may leap the valley).
func TestSampleRegroup(t *testing.T) {
	tmp := t.TempDir()
	model := filepath.Join(tmp, "two_modes.bym")
	if err := os.WriteFile(model, []byte(twoModesModel), 0o644); err != nil {
		t.Fatal(err)
	}
	for c, x := range []string{"-20", "20", "-20", "20"} {
		if err := os.WriteFile(filepath.Join(tmp, "init_"+strconv.Itoa(c+1)+".json"), []byte(`{"x": `+x+`}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"sample", model, "--chains", "4", "--warmup", "300", "--samples", "200", "--seed", "2",
		"--init", filepath.Join(tmp, "init.json"), "--quiet", "--format", "json"}
	for _, c := range []struct {
		name  string
		flags []string
		notes int
		mean  float64 // of x over the four chains; NaN: not checked
	}{
		{"default", nil, 2, 20},
		{"stan", []string{"--adapt", "stan"}, 0, math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := bayes(append(clone(args), c.flags...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if n := strings.Count(stderr, "continues from chain"); n != c.notes {
				t.Errorf("%d regrouping notes, want %d:\n%s", n, c.notes, stderr)
			}
			for _, chain := range []string{"1", "3"} {
				if c.notes > 0 && !strings.Contains(stderr, "note: warmup iteration 100: chain "+chain+" continues from chain ") {
					t.Errorf("no note that chain %s moved at iteration 100:\n%s", chain, stderr)
				}
			}
			var r struct {
				Summary []struct {
					Variable string  `json:"variable"`
					Mean     float64 `json:"mean"`
				} `json:"summary"`
			}
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Summary) == 0 || r.Summary[0].Variable != "x" || !math.IsNaN(c.mean) && math.Abs(r.Summary[0].Mean-c.mean) > 0.5 {
				t.Errorf("summary %+v: want the mean of x near %g", r.Summary, c.mean)
			}
		})
	}
}
