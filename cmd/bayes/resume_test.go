package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryIgnoresWarmup: bayes summary of a run saved with
// --save-warmup is that of the same run without: the warmup draws are
// left out (Stan CSV files and draws.npy).
func TestSummaryIgnoresWarmup(t *testing.T) {
	for _, format := range []string{"csv", "npy"} {
		t.Run(format, func(t *testing.T) {
			tmp := t.TempDir()
			var out [2]string
			for i, extra := range [][]string{nil, {"--save-warmup"}} {
				dir := filepath.Join(tmp, format+strings.Join(extra, ""))
				args := append([]string{"sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
					"--data", filepath.Join(repoRoot, "data", "schools.json"), "--chains", "2", "--warmup", "100",
					"--samples", "60", "--seed", "5", "--quiet", "--output-dir", dir, "--output-format", format}, extra...)
				if _, stderr, code := bayes(args...); code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				stdout, stderr, code := bayes("summary", dir)
				if code != 0 {
					t.Fatalf("summary: exit %d: %s", code, stderr)
				}
				out[i] = stdout
			}
			if out[0] != out[1] {
				t.Errorf("the summaries differ:\n%s\nwith --save-warmup:\n%s", out[0], out[1])
			}
		})
	}
}

// TestSampleResume: bayes sample --resume DIR --samples N takes the run's
// settings from its state.json, refuses one given with another value,
// and refuses the GPU sampler.
func TestSampleResume(t *testing.T) {
	tmp := t.TempDir()
	model := filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym")
	data := filepath.Join(repoRoot, "data", "schools.json")
	run := filepath.Join(tmp, "run")
	if _, stderr, code := bayes("sample", model, "--data", data, "--chains", "2", "--warmup", "100", "--samples", "40",
		"--thin", "2", "--seed", "8", "--quiet", "--output-dir", run); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"another thin", []string{"--thin", "3"}, "--thin 3 (the run had 2)"},
		{"cuda", []string{"--device", "cuda"}, "--resume is for the CPU sampler (--device cpu)"},
		{"no state", []string{"--resume", tmp}, "there is no state.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"sample", model, "--resume", run, "--samples", "20", "--quiet"}, c.args...)
			_, stderr, code := bayes(args...)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q, want it to contain %q", code, stderr, c.want)
			}
		})
	}
	stdout, stderr, code := bayes("sample", model, "--resume", run, "--samples", "20", "--quiet")
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(run, "eight_schools_noncentered_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "num_samples = 60\n") || !strings.Contains(stdout, "mu") {
		t.Errorf("the resumed run's file does not count 60 samples, or no summary:\n%s", stdout)
	}
}
