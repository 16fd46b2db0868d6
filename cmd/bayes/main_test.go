package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/cuda"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// bayes runs one command line in-process and returns its stdout, stderr and exit status.
func bayes(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// transcript is a command line's whole output, as golden files hold it.
func transcript(args []string, stdout, stderr string, code int) string {
	return "$ bayes " + strings.Join(args, " ") + "\n" +
		"--- exit status\n" + strconv.Itoa(code) + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
}

// compareGolden checks got against the golden file (paths from the
// repository root), or rewrites the file with -update.
func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/bayes -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

// repoRoot is the checkout's top folder, relative to this package.
const repoRoot = "../.."

// sharedDir is ../shared beside the checkout; tests that need it skip without it.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join(repoRoot, "..", "shared"))
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (CI puts posteriordb there, beside the checkout)", dir)
	}
	return dir
}

// TestGolden runs command lines whose whole output (stdout, stderr, exit
// status) is fixed in testdata/cli/NAME.golden.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"check_ok", []string{"check", "models/eight_schools.bym", "--data", "data/schools.json"}},
		{"check_ok_nodata", []string{"check", "models/eight_schools_noncentered.bym"}},
		{"check_missing_file", []string{"check", "models/nope.bym"}},
		{"check_no_args", []string{"check"}},
		{"check_bad_flag", []string{"check", "--chains", "3", "models/eight_schools.bym"}},
		{"check_bad_model", []string{"check", "cmd/bayes/testdata/cli/bad.bym"}},
		{"check_bad_data", []string{"check", "models/eight_schools.bym", "--data", "cmd/bayes/testdata/cli/bad_schools.json"}},
		{"fmt_eight_schools", []string{"fmt", "models/eight_schools.bym"}},
		{"fmt_syntax_error", []string{"fmt", "cmd/bayes/testdata/cli/syntax.bym"}},
		{"unknown_command", []string{"smaple"}},
		// Runs that trigger each warning, with its remedy.
		{"warn_divergences", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--seed", "1", "--quiet"}},
		{"warn_treedepth", []string{"sample", "models/eight_schools_noncentered.bym", "--data", "data/schools.json", "--seed", "1", "--max-treedepth", "2", "--quiet"}},
		{"warn_rhat", []string{"sample", "cmd/bayes/testdata/cli/bimodal.bym", "--seed", "3", "--init", "10", "--quiet"}},
		{"warn_improper", []string{"sample", "cmd/bayes/testdata/cli/improper.bym", "--seed", "1", "--warmup", "200", "--samples", "200", "--quiet"}},
		{"warn_rejections", []string{"sample", "cmd/bayes/testdata/cli/tp_bound.bym", "--data", "cmd/bayes/testdata/cli/tp_bound.json", "--seed", "1", "--quiet"}},
		{"sample_clean", []string{"sample", "models/eight_schools_noncentered.bym", "--data", "data/schools.json", "--seed", "4", "--adapt-delta", "0.95", "--quiet"}},
		{"sample_bad_adapt_delta", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--adapt-delta", "1.5"}},
		{"sample_bad_chains", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--chains", "-2"}},
		{"sample_missing_data", []string{"sample", "models/eight_schools.bym"}},
		{"sample_generated_quantities", []string{"sample", "cmd/bayes/testdata/cli/eight_schools_gq.bym", "--data", "data/schools.json", "--seed", "5", "--adapt-delta", "0.95", "--quiet"}},
		{"prior_predictive_gq_model", []string{"prior-predictive", "cmd/bayes/testdata/cli/eight_schools_gq.bym", "--data", "data/schools.json", "--draws", "500", "--seed", "5"}},
		{"sample_device_cuda_missing", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--device", "cuda"}},
		{"sample_precision32_cpu", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--device", "cpu", "--precision", "32"}},
		{"sample_precision32_jitter", []string{"sample", "cmd/bayes/testdata/cli/jitter.bym", "--device", "c", "--precision", "32"}},
		{"sample_bad_precision", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--precision", "16"}},
		{"sample_bad_threads", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--threads", "0"}},
		{"sample_bad_multiplier", []string{"sample", "cmd/bayes/testdata/cli/bad_multiplier.bym", "--quiet"}},
		{"sample_bad_bounds", []string{"sample", "cmd/bayes/testdata/cli/bad_bounds.bym", "--quiet"}},
		{"compile_ir", []string{"compile", "models/eight_schools.bym", "--data", "data/schools.json", "--emit", "ir"}},
		{"compile_grad", []string{"compile", "models/eight_schools.bym", "--data", "data/schools.json", "--emit", "grad"}},
		{"reparam_eight_schools", []string{"reparam", "models/eight_schools.bym", "--noncentered", "theta"}},
		{"reparam_refused", []string{"reparam", "models/eight_schools.bym", "--noncentered", "mu"}},
		// auto chooses with the data, and without them rewrites every site.
		{"reparam_auto_schools", []string{"reparam", "models/eight_schools.bym", "--noncentered", "auto", "--data", "data/schools.json"}},
		{"reparam_auto_nodata", []string{"reparam", "models/eight_schools.bym", "--noncentered", "auto"}},
		{"sample_auto_schools", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--noncentered", "auto", "--seed", "4", "--adapt-delta", "0.95", "--quiet"}},
		// Issue 18: what a first-time user met, each now said.
		{"reparam_auto_nothing", []string{"reparam", "models/eight_schools_noncentered.bym", "--noncentered", "auto"}},
		{"sample_init_failure", []string{"sample", "cmd/bayes/testdata/cli/div0.bym", "--data", "cmd/bayes/testdata/cli/tp_bound.json", "--quiet"}},
		{"sample_init_file", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--init", "cmd/bayes/testdata/cli/init_partial.json", "--chains", "2", "--warmup", "200", "--samples", "200", "--seed", "1", "--quiet"}},
		{"sample_init_bad_bound", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--init", "cmd/bayes/testdata/cli/init_bad_bound.json"}},
		{"sample_init_bad_value", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--init", "-1"}},
		{"sample_output_format_no_dir", []string{"sample", "models/eight_schools.bym", "--data", "data/schools.json", "--output-format", "npy"}},
		{"sample_thin_note", []string{"sample", "models/eight_schools_noncentered.bym", "--data", "data/schools.json", "--thin", "1000", "--samples", "100", "--warmup", "200", "--seed", "1", "--quiet"}},
		{"sample_warmup0_note", []string{"sample", "models/eight_schools_noncentered.bym", "--data", "data/schools.json", "--warmup", "0", "--samples", "200", "--seed", "1", "--quiet"}},
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(repoRoot); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "cuda_missing") {
				if d, err := cuda.Open(); err == nil {
					d.Close()
					t.Skip("skipping: this machine has a GPU; the golden is the no-GPU message")
				}
			}
			stdout, stderr, code := bayes(tt.args...)
			got := transcript(tt.args, stdout, stderr, code)
			golden := filepath.Join("cmd", "bayes", "testdata", "cli", tt.name+".golden")
			compareGolden(t, golden, got)
		})
	}
}

// TestCheckPosteriordb runs `bayes check` on every posteriordb model with its data.
func TestCheckPosteriordb(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(sharedDir(t), "posteriordb", "*"))
	n := 0
	for _, dir := range dirs {
		model := filepath.Join(dir, "model.bym")
		if _, err := os.Stat(model); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			stdout, stderr, code := bayes("check", model, "--data", filepath.Join(dir, "data.json"))
			if code != 0 || !strings.HasSuffix(stdout, ": OK\n") {
				t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
		})
	}
	if n != 19 {
		t.Errorf("found %d posteriordb models, want 19", n)
	}
}
