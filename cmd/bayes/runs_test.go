package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// TestChainOffsetRunsMerge splits an 8-chain run into two jobs of 4 chains
// (--chain-offset 0 and 4), as a batch scheduler would, and checks that the
// draws are bit for bit those of the single run and that `bayes summary`
// over both jobs' directories prints exactly the single run's summary.
func TestChainOffsetRunsMerge(t *testing.T) {
	model := filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym")
	data := filepath.Join(repoRoot, "data", "schools.json")
	dir := t.TempDir()
	one, jobA, jobB := filepath.Join(dir, "one"), filepath.Join(dir, "a"), filepath.Join(dir, "b")
	common := []string{"sample", model, "--data", data, "--seed", "11", "--warmup", "300", "--samples", "300", "--quiet"}
	for _, run := range [][]string{
		{"--chains", "8", "--output-dir", one},
		{"--chains", "4", "--chain-offset", "0", "--output-dir", jobA},
		{"--chains", "4", "--chain-offset", "4", "--output-dir", jobB},
	} {
		if _, stderr, code := bayes(append(common, run...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", run, code, stderr)
		}
	}
	for id := 1; id <= 8; id++ {
		job := jobA
		if id > 4 {
			job = jobB
		}
		name := fmt.Sprintf("eight_schools_noncentered_%d.csv", id)
		want, got := readCSV(t, filepath.Join(one, name)), readCSV(t, filepath.Join(job, name))
		if len(got.Draws) != 300 || len(want.Draws) != 300 {
			t.Fatalf("chain %d: %d and %d draws", id, len(got.Draws), len(want.Draws))
		}
		for i := range want.Draws {
			for j, x := range want.Draws[i] {
				if y := got.Draws[i][j]; math.Float64bits(x) != math.Float64bits(y) {
					t.Fatalf("chain %d draw %d column %s: %v in the single run, %v in the job", id, i, want.Columns[j], x, y)
				}
			}
		}
	}
	whole, _, code1 := bayes("summary", one)
	merged, stderr, code2 := bayes("summary", jobA, jobB)
	if code1 != 0 || code2 != 0 {
		t.Fatalf("summary exits %d and %d: %s", code1, code2, stderr)
	}
	if whole != merged {
		t.Errorf("summary of the two jobs differs from the single run:\n%s\n---\n%s", merged, whole)
	}
}

func readCSV(t *testing.T, path string) *runfiles.StanCSV {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := runfiles.ReadStanCSV(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// cmdstanHeader is the start of a CmdStan 2.33 output file, laid out as the
// CmdStan Guide's "Stan CSV File Format" chapter shows it (save_warmup = 1,
// so warmup rows come before the adaptation block).
const cmdstanHeader = `# stan_version_major = 2
# stan_version_minor = 33
# stan_version_patch = 1
# model = two_normals_model
# start_datetime = 2024-06-01 12:00:00 UTC
# method = sample (Default)
#   sample
#     num_samples = 200
#     num_warmup = 3
#     save_warmup = 1
#     thin = 1 (Default)
#     adapt
#       engaged = 1 (Default)
#       gamma = 0.05 (Default)
#       delta = 0.8 (Default)
#       kappa = 0.75 (Default)
#       t0 = 10 (Default)
#       init_buffer = 75 (Default)
#       term_buffer = 50 (Default)
#       window = 25 (Default)
#       save_metric = 0 (Default)
#     algorithm = hmc (Default)
#       hmc
#         engine = nuts (Default)
#           nuts
#             max_depth = 10 (Default)
#         metric = diag_e (Default)
#         metric_file =  (Default)
#         stepsize = 1 (Default)
#         stepsize_jitter = 0 (Default)
#     num_chains = 1 (Default)
# id = %d
# data
#   file = two_normals.json
# init = 2 (Default)
# random
#   seed = 1234
# output
#   file = output.csv (Default)
#   diagnostic_file =  (Default)
#   refresh = 100 (Default)
#   sig_figs = -1 (Default)
#   profile_file = profile.csv (Default)
#   save_cmdstan_config = 0 (Default)
# num_threads = 1 (Default)
# stanc_version = stanc3 v2.33.1
# stancflags = 
lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu,sigma.1,sigma.2
`

// TestSummaryCmdStanFilesEqualOurs writes the same draws once in CmdStan's
// own layout (header, warmup rows, adaptation block, 6 significant digits,
// timing footer) and once with bayes's writer, and checks that `bayes
// summary` prints the same table for both.
func TestSummaryCmdStanFilesEqualOurs(t *testing.T) {
	dir := t.TempDir()
	cmdstan, ours := filepath.Join(dir, "cmdstan"), filepath.Join(dir, "ours")
	os.MkdirAll(cmdstan, 0o755)
	os.MkdirAll(ours, 0o755)
	rng := rand.New(rand.NewPCG(3, 4))
	six := func(x float64) float64 { v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64); return v }
	for chain := 1; chain <= 3; chain++ {
		var stan strings.Builder
		fmt.Fprintf(&stan, cmdstanHeader, chain)
		for w := 0; w < 3; w++ { // warmup rows, which summaries skip
			fmt.Fprintf(&stan, "-9.5,0.5,1,1,1,0,10,%g,1,1\n", float64(w))
		}
		stan.WriteString("# Adaptation terminated\n# Step size = 0.893542\n# Diagonal elements of inverse mass matrix:\n# 0.528003, 1.1, 0.9\n")
		f, err := os.Create(filepath.Join(ours, fmt.Sprintf("run_%d.csv", chain)))
		if err != nil {
			t.Fatal(err)
		}
		cfg := runfiles.DefaultStanCSVConfig()
		cfg.Chain, cfg.NumSamples = chain, 200
		w, err := runfiles.NewStanCSVWriter(f, cfg, []string{"mu", "sigma[1]", "sigma[2]"})
		if err != nil {
			t.Fatal(err)
		}
		w.WriteAdaptation(runfiles.Adaptation{Stepsize: 0.893542, InvMetric: []float64{0.528003, 1.1, 0.9}})
		for i := 0; i < 200; i++ {
			d := runfiles.Draw{LP: six(-7 - rng.ExpFloat64()), AcceptStat: six(rng.Float64()), Stepsize: 0.893542,
				Treedepth: 2, NLeapfrog: 3, Divergent: i%97 == 5, Energy: six(8 + rng.ExpFloat64())}
			params := []float64{six(rng.NormFloat64()), six(math.Exp(rng.NormFloat64())), six(2 + rng.NormFloat64())}
			div := 0
			if d.Divergent {
				div = 1
			}
			fmt.Fprintf(&stan, "%g,%g,%g,%d,%d,%d,%g,%g,%g,%g\n", d.LP, d.AcceptStat, d.Stepsize, d.Treedepth,
				d.NLeapfrog, div, d.Energy, params[0], params[1], params[2])
			if err := w.WriteDraw(d, params); err != nil {
				t.Fatal(err)
			}
		}
		w.WriteTiming(4e6, 12e6)
		f.Close()
		stan.WriteString("# \n#  Elapsed Time: 0.004 seconds (Warm-up)\n#                0.012 seconds (Sampling)\n#                0.016 seconds (Total)\n# \n")
		if err := os.WriteFile(filepath.Join(cmdstan, fmt.Sprintf("output_%d.csv", chain)), []byte(stan.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fromStan, stderr1, code1 := bayes("summary", cmdstan)
	fromOurs, stderr2, code2 := bayes("summary", ours)
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exits %d, %d: %s %s", code1, code2, stderr1, stderr2)
	}
	if fromStan != fromOurs {
		t.Errorf("summary of CmdStan's files:\n%s\nof bayes's files:\n%s", fromStan, fromOurs)
	}
	if !strings.Contains(fromStan, "Number of divergences: 9") {
		t.Errorf("expected 9 divergences (3 chains x draws 5, 102, 199):\n%s", fromStan)
	}
}
