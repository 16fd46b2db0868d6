package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

var (
	schoolsModel = filepath.Join(repoRoot, "models", "eight_schools.bym")
	ppcModel     = filepath.Join(repoRoot, "models", "eight_schools_ppc.bym") // the same with y_rep and log_lik
	schoolsData  = filepath.Join(repoRoot, "data", "schools.json")
)

// sampleRun runs bayes sample of model into dir with a few draws and the
// given extra flags, failing the test on an error.
func sampleRun(t *testing.T, model, dir string, extra ...string) {
	t.Helper()
	args := append([]string{"sample", model, "--data", schoolsData, "--chains", "2", "--warmup", "60",
		"--samples", "30", "--seed", "11", "--quiet", "--output-dir", dir}, extra...)
	if _, stderr, code := bayes(args...); code != 0 {
		t.Fatalf("bayes %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
}

// readRun reads a run as bayes summary does, generated quantities merged.
func readRun(t *testing.T, dir string) []*runfiles.StanCSV {
	t.Helper()
	var notes strings.Builder
	_, chains, err := runfiles.ReadRuns([]string{dir}, &notes)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(notes.String(), "leaving out") {
		t.Fatalf("%s: %s", dir, notes.String())
	}
	return chains
}

// sameDraws checks that two runs have the same columns and every value,
// warmup rows too, bit for bit.
func sameDraws(t *testing.T, want, got []*runfiles.StanCSV) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d chains, want %d", len(got), len(want))
	}
	for c := range want {
		if !slices.Equal(want[c].Columns, got[c].Columns) {
			t.Fatalf("chain %d columns\n%v\nwant\n%v", c+1, got[c].Columns, want[c].Columns)
		}
		for _, part := range []struct {
			name      string
			want, got [][]float64
		}{{"warmup draw", want[c].Warmup, got[c].Warmup}, {"draw", want[c].Draws, got[c].Draws}} {
			if len(part.want) != len(part.got) {
				t.Fatalf("chain %d: %d %ss, want %d", c+1, len(part.got), part.name, len(part.want))
			}
			for i := range part.want {
				for j, w := range part.want[i] {
					if g := part.got[i][j]; math.Float64bits(g) != math.Float64bits(w) {
						t.Fatalf("chain %d %s %d %s = %v, want %v (sampled with the block)", c+1, part.name, i+1, want[c].Columns[j], g, w)
					}
				}
			}
		}
	}
}

// TestGenerateEqualsSampling is the rule bayes generate keeps: its
// quantities, added to a run of eight schools sampled without a generated
// quantities block, equal bit for bit those the same block gives when the
// model that samples has it (same seed), in every output format, warmup
// draws, thinning and a continued run included. bayes loo then reads the
// log_lik that generate added, as the run sampled with it.
func TestGenerateEqualsSampling(t *testing.T) {
	tests := []struct {
		name   string
		flags  []string
		resume bool // sample, then --resume for as many draws more
	}{
		{"csv", []string{"--output-format", "csv"}, false},
		{"csv warmup thinned", []string{"--output-format", "csv", "--save-warmup", "--thin", "3"}, false},
		{"csv resumed", []string{"--output-format", "csv"}, true},
		{"npy warmup", []string{"--output-format", "npy", "--save-warmup"}, false},
		{"zarr warmup", []string{"--output-format", "zarr", "--save-warmup", "--posterior-predictive", "y_rep"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			with, without := filepath.Join(dir, "with"), filepath.Join(dir, "without")
			for _, r := range []struct{ model, dir string }{{ppcModel, with}, {schoolsModel, without}} {
				sampleRun(t, r.model, r.dir, tt.flags...)
				if tt.resume {
					args := []string{"sample", r.model, "--data", schoolsData, "--resume", r.dir, "--samples", "30", "--quiet"}
					if _, stderr, code := bayes(args...); code != 0 {
						t.Fatalf("bayes %s: exit %d: %s", strings.Join(args, " "), code, stderr)
					}
				}
			}
			if cols := readRun(t, without)[0].Columns; slices.Contains(cols, "y_rep.1") {
				t.Fatalf("the run without the block has y_rep: %v", cols)
			}
			stdout, stderr, code := bayes("generate", ppcModel, "--data", schoolsData, "--fitted", without)
			if code != 0 {
				t.Fatalf("bayes generate: exit %d: %s", code, stderr)
			}
			if !strings.HasPrefix(stdout, "generated y_rep[8], log_lik[8] for ") {
				t.Errorf("bayes generate printed %q", stdout)
			}
			sameDraws(t, readRun(t, with), readRun(t, without))
			wantLoo, _, _ := bayes("loo", with)
			gotLoo, stderr, code := bayes("loo", without)
			if code != 0 || gotLoo != wantLoo {
				t.Errorf("bayes loo on the generated run: exit %d\n%s%s\nwant\n%s", code, gotLoo, stderr, wantLoo)
			}
		})
	}
}

// TestGenerateReplacesAndGoesStale: a second bayes generate replaces the
// first one's quantities (here with one of them: log_lik goes), in a run
// of CSV files and in a Zarr store; and quantities of draws the run no
// longer has (it was continued since) are left out, saying so.
func TestGenerateReplacesAndGoesStale(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(ppcModel)
	if err != nil {
		t.Fatal(err)
	}
	// Without log_lik: a block edited after the first generate.
	i := strings.Index(string(src), "  array[J] real log_lik;")
	yrep := filepath.Join(dir, "yrep.bym")
	if err := os.WriteFile(yrep, []byte(string(src[:i])+"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "zarr"} {
		run := filepath.Join(dir, format)
		sampleRun(t, schoolsModel, run, "--output-format", format)
		for _, model := range []string{ppcModel, yrep} {
			if _, stderr, code := bayes("generate", model, "--data", schoolsData, "--fitted", run); code != 0 {
				t.Fatalf("bayes generate %s: exit %d: %s", model, code, stderr)
			}
		}
		cols := readRun(t, run)[0].Columns
		if !slices.Contains(cols, "y_rep.8") || slices.Contains(cols, "log_lik.1") {
			t.Errorf("%s: after generating y_rep alone, the run's columns are %v: want y_rep and no log_lik", format, cols)
		}
	}
	run := filepath.Join(dir, "csv")
	if _, stderr, code := bayes("sample", schoolsModel, "--data", schoolsData, "--resume", run, "--samples", "5", "--quiet"); code != 0 {
		t.Fatalf("bayes sample --resume: exit %d: %s", code, stderr)
	}
	_, stderr, code := bayes("summary", run)
	if code != 0 || !strings.Contains(stderr, "leaving out the generated quantities of bayes generate") || !strings.Contains(stderr, "gq-1.csv was generated from other draws") {
		t.Errorf("bayes summary of a run continued after generate: exit %d, stderr %q: want a note that gq-1.csv is left out", code, stderr)
	}
}

// TestGenerateZarrOpensInXarray: xarray opens the groups bayes generate
// added to a store, with the values of a store sampled with the block.
func TestGenerateZarrOpensInXarray(t *testing.T) {
	needXarray(t)
	dir := t.TempDir()
	with, without := filepath.Join(dir, "with"), filepath.Join(dir, "without")
	flags := []string{"--output-format", "zarr", "--save-warmup"}
	sampleRun(t, ppcModel, with, append(flags, "--posterior-predictive", "y_rep")...)
	sampleRun(t, schoolsModel, without, flags...)
	if _, stderr, code := bayes("generate", ppcModel, "--data", schoolsData, "--fitted", without); code != 0 {
		t.Fatalf("bayes generate: exit %d: %s", code, stderr)
	}
	script := `
import sys, numpy as np, xarray as xr
a, b = sys.argv[1:3]
for g, v in [("posterior_predictive", "y_rep"), ("log_likelihood", "log_lik"),
             ("warmup_posterior_predictive", "y_rep"), ("warmup_log_likelihood", "log_lik")]:
    x, y = xr.open_zarr(a, group=g)[v], xr.open_zarr(b, group=g)[v]
    assert x.dims == y.dims and np.array_equal(x.values, y.values), (g, v, x.dims, y.dims)
    assert np.array_equal(x.coords["chain"].values, y.coords["chain"].values), g
print("equal")
`
	out, err := exec.Command(debianPython, "-c", script, filepath.Join(with, "draws.zarr"), filepath.Join(without, "draws.zarr")).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "equal" {
		t.Fatalf("xarray: %v\n%s", err, out)
	}
}

// errorLine matches the first line of an error: "bayes: ..." or
// "FILE:line:col: ...".
var errorLine = regexp.MustCompile(`(?m)^(bayes: |\S+:\d+:\d+: )`)

// TestGenerateBadInputs: each mistake gives one error that names its
// place (the model's line and column, or the flag and the path), exit 1,
// and no panic.
func TestGenerateBadInputs(t *testing.T) {
	dir := t.TempDir()
	run, nc := filepath.Join(dir, "run"), filepath.Join(dir, "noncentered")
	sampleRun(t, schoolsModel, run)
	sampleRun(t, filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"), nc)
	src, err := os.ReadFile(ppcModel)
	if err != nil {
		t.Fatal(err)
	}
	model := func(name, old, new string) string {
		path := filepath.Join(dir, name+".bym")
		if !strings.Contains(string(src), old) {
			t.Fatalf("%s: %q is not in %s", name, old, ppcModel)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	unknown := model("unknown", "normal_rng(theta, sigma)", "normal_rng(theta_new, sigma)")
	extra := model("extra", "  array[J] real theta;\n", "  array[J] real theta;\n  real<lower=0> nu;\n")
	longer := model("longer", "  array[J] real theta;\n", "  array[J + 1] real theta;\n")
	noGQ := schoolsModel
	tests := []struct {
		name  string
		args  []string
		wants []string // in the first error line
	}{
		{"no run dir", []string{"generate", ppcModel, "--data", schoolsData, "--fitted", filepath.Join(dir, "nowhere")},
			[]string{"--fitted " + filepath.Join(dir, "nowhere") + ": no such directory"}},
		{"no --fitted", []string{"generate", ppcModel, "--data", schoolsData}, []string{"--fitted: give the directory"}},
		{"a file", []string{"generate", ppcModel, "--data", schoolsData, "--fitted", schoolsData}, []string{"not a directory"}},
		{"no run in dir", []string{"generate", ppcModel, "--data", schoolsData, "--fitted", dir}, []string{dir + ": no Stan CSV files"}},
		{"other model's run", []string{"generate", ppcModel, "--data", schoolsData, "--fitted", nc},
			[]string{"eight_schools_ppc.bym:14:3: parameter \"theta\" comes 3rd here, 4th in the run in " + nc, "mu, tau, theta_raw[8], theta[8]"}},
		{"name not in the run", []string{"generate", unknown, "--data", schoolsData, "--fitted", run},
			[]string{"unknown.bym:23:36:", `unknown variable "theta_new"`}},
		{"parameter not in the run", []string{"generate", extra, "--data", schoolsData, "--fitted", run},
			[]string{"extra.bym:15:3: parameter \"nu\" is not in the run in " + run, "mu, tau, theta[8]"}},
		{"other shape", []string{"generate", longer, "--data", schoolsData, "--fitted", run},
			[]string{"longer.bym:14:3: parameter \"theta\" is theta[9] here (with this data's sizes), theta[8] in the run"}},
		{"no generated quantities", []string{"generate", noGQ, "--data", schoolsData, "--fitted", run},
			[]string{"has no generated quantities block"}},
		{"model missing", []string{"generate", filepath.Join(dir, "none.bym"), "--fitted", run}, []string{"none.bym"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := bayes(tt.args...)
			if code != 1 || stdout != "" {
				t.Errorf("exit %d, stdout %q: want exit 1 and nothing on stdout", code, stdout)
			}
			first := firstError(stderr)
			for _, w := range tt.wants {
				if !strings.Contains(first, w) {
					t.Errorf("first error line %q does not say %q\n%s", first, w, stderr)
				}
			}
			if len(errorLine.FindAllString(stderr, -1)) != 1 || strings.Contains(stderr, "panic") {
				t.Errorf("want one error, no panic:\n%s", stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(run, "gq-1.csv")); err == nil {
		t.Error("a failed bayes generate wrote gq-1.csv")
	}
}
