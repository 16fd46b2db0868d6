package bayes

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/sampler"
)

// skipWithoutCC skips a test of the GPU sampler's C build where there
// is no C compiler.
func skipWithoutCC(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
}

// hostChains builds the device sampler of the non-centered eight schools
// for the CPU (cnuts.HostChains), skipping without a C compiler.
func hostChains(t *testing.T) (*cnuts.HostChains, *compiler.Model) {
	t.Helper()
	skipWithoutCC(t)
	prog, err := lang.LoadModel(filepath.Join("models", "eight_schools_noncentered.bym"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := data.ReadFile(prog, filepath.Join("data", "schools.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := compiler.CompileModel(prog, data)
	if err != nil {
		t.Fatal(err)
	}
	src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hc, err := cnuts.BuildHost(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Close() })
	return hc, m
}

// blockOptions are the fit options of a run of m's chains into a
// temporary directory.
func blockOptions(t *testing.T, m *compiler.Model, chains, warmup, samples int) fit.Options {
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = chains, warmup, samples, 7
	return fit.Options{Sampler: cfg, Names: m.OutputNames(), OutputDir: t.TempDir(),
		Prefix: "test", CSV: runfiles.DefaultStanCSVConfig()}
}

func readCSV(t *testing.T, path string) *runfiles.StanCSV {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	csv, err := runfiles.ReadStanCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return csv
}

// TestRunBlocksKeepsTheDevicesDraws: fit.RunBlocks, through gpuSampler,
// keeps exactly the rows and statistics the device sampler made (every
// Thin-th), writes them to the chains' CSV files with the adapted step
// size, and counts the run's gradients.
func TestRunBlocksKeepsTheDevicesDraws(t *testing.T) {
	hc, m := hostChains(t)
	opts := blockOptions(t, m, 3, 150, 40)
	opts.Sampler.Thin = 3
	res, err := fit.RunBlocks(opts, gpuSampler{hc})
	if err != nil {
		t.Fatal(err)
	}
	cfg := cnuts.DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = opts.Sampler.Seed, 150, 40
	want, err := hc.Run(3, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Gradients != want.Gradients {
		t.Errorf("Gradients %d, the device run counted %d", res.Gradients, want.Gradients)
	}
	for c, path := range res.Files {
		csv := readCSV(t, path)
		if csv.Adaptation == nil || csv.Adaptation.Stepsize != want.Stepsize[c] {
			t.Errorf("chain %d: adaptation %+v, want step size %g", c+1, csv.Adaptation, want.Stepsize[c])
		}
		if n := len(res.Stats[c]); n != 14 || len(csv.Draws) != n {
			t.Fatalf("chain %d: %d draws kept and %d written, want 14 (40 thinned by 3)", c+1, n, len(csv.Draws))
		}
		for i := range res.Stats[c] {
			row := want.Draw(c, 3*i)
			for v := range opts.Names {
				if got := res.Draws[v][c][i]; got != row[v] {
					t.Fatalf("chain %d, draw %d, %s: kept %.17g, the device made %.17g", c+1, i, opts.Names[v], got, row[v])
				}
			}
			st, w := res.Stats[c][i], want.Stat(c, 3*i)
			div := w[cnuts.StatDivergent] != 0
			if st.LP != w[cnuts.StatLP] || st.AcceptStat != w[cnuts.StatAcceptStat] || st.Stepsize != w[cnuts.StatStepsize] ||
				st.Treedepth != int(w[cnuts.StatTreedepth]) || st.NLeapfrog != int(w[cnuts.StatNLeapfrog]) ||
				st.Divergent != div || st.Energy != w[cnuts.StatEnergy] {
				t.Fatalf("chain %d, draw %d: statistics %+v, the device made %v", c+1, i, st, w)
			}
		}
	}
}

// TestRunBlocksInterrupted: a cancelled run keeps the blocks it finished.
func TestRunBlocksInterrupted(t *testing.T) {
	hc, m := hostChains(t)
	opts := blockOptions(t, m, 2, 50, 5000)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts.Sampler.Context = ctx
	opts.Progress = func(p *sampler.ChainProgress) {
		done := p.Done
		if done > 50 {
			cancel()
		}
	}
	res, err := fit.RunBlocks(opts, gpuSampler{hc})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Interrupted || len(res.Stats) != 2 || len(res.Stats[0]) == 0 || len(res.Stats[0]) == 5000 {
		t.Errorf("interrupted run: Interrupted %v with %d chains of %d draws, want some draws of 2 chains", res.Interrupted, len(res.Stats), len(res.Stats[0]))
	}
	opts.Sampler.Metric = sampler.Unit
	if _, err := fit.RunBlocks(opts, gpuSampler{hc}); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("a unit metric on the device sampler: error %v, want a refusal", err)
	}
}
