package main

import (
	"encoding/json"
	"os"
	"path/filepath"
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
// model has 10 coordinates) over 1000 iterations, --adapt stan a diagonal
// one, nutpie's adaptation of a diagonal metric warms up for 400
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
	}{
		{"default", nil, "1000", "low_rank_e", "", ""},
		{"nutpie", []string{"--adapt", "nutpie", "--metric", "diag"}, "400", "diag_e", "nutpie", ""},
		{"nutpie warmup", []string{"--adapt", "nutpie", "--metric", "diag", "--warmup", "120"}, "120", "diag_e", "nutpie", ""},
		{"stan", []string{"--adapt", "stan"}, "1000", "diag_e", "", ""},
		{"dense", []string{"--metric", "dense"}, "1000", "dense_e", "", ""},
		{"low-rank", []string{"--adapt", "nutpie", "--metric", "auto"}, "800", "low_rank_e", "nutpie", ""},
		{"adapt-from", []string{"--adapt-from", filepath.Join(tmp, "low-rank")}, "150", "low_rank_e", "", filepath.Join(tmp, "low-rank")},
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
		{"nutpie cuda", []string{"--adapt", "nutpie", "--device", "cuda"}, "--adapt nutpie is for the CPU sampler (--device cpu)"},
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
