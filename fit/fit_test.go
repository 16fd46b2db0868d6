package fit

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/sampler"
)

// lognormalKernel is a 2-d standard normal on the unconstrained space whose
// output is (exp(q0), q1): a positive parameter and a free one, so that
// Constrain is visibly applied.
type lognormalKernel struct{}

func (lognormalKernel) Dim() int { return 2 }
func (lognormalKernel) LogDensityGrad(grad, q []float64) float64 {
	grad[0], grad[1] = -q[0], -q[1]
	return -0.5 * (q[0]*q[0] + q[1]*q[1])
}
func (lognormalKernel) Constrain(out, q []float64) { out[0], out[1] = math.Exp(q[0]), q[1] }

func options(t *testing.T, chains, warmup, samples int) Options {
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = chains, warmup, samples, 7
	return Options{
		Sampler:   cfg,
		Names:     []string{"sigma", "beta[1]"},
		NewKernel: func(int) Kernel { return lognormalKernel{} },
		OutputDir: t.TempDir(),
		Prefix:    "test",
		CSV:       runfiles.DefaultStanCSVConfig(),
	}
}

// TestRunWritesWhatItKeeps checks that the CSV files hold exactly the draws
// kept in memory (bit for bit) and that outputs are constrained.
func TestRunWritesWhatItKeeps(t *testing.T) {
	opts := options(t, 3, 200, 300)
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 3 || filepath.Base(res.Files[2]) != "test_3.csv" {
		t.Fatalf("files = %v", res.Files)
	}
	for c, path := range res.Files {
		csv := readCSV(t, path)
		if len(csv.Draws) != 300 || csv.Adaptation == nil {
			t.Fatalf("chain %d: %d draws, adaptation %v", c, len(csv.Draws), csv.Adaptation)
		}
		sigma, ok := csv.Column("sigma")
		if !ok {
			t.Fatalf("chain %d: no sigma column in %v", c, csv.Columns)
		}
		for i, x := range sigma {
			if x != res.Draws[0][c][i] {
				t.Fatalf("chain %d draw %d: file %v, memory %v", c, i, x, res.Draws[0][c][i])
			}
			if x <= 0 {
				t.Fatalf("sigma = %v is not constrained to be positive", x)
			}
		}
	}
	if len(res.Stats) != 3 || len(res.Stats[0]) != 300 {
		t.Errorf("stats shape %d x %d", len(res.Stats), len(res.Stats[0]))
	}
}

// TestRunInterrupted cancels a run part-way: the result keeps the draws
// made, cut to the shortest chain, and the files stay readable.
func TestRunInterrupted(t *testing.T) {
	opts := options(t, 2, 100, 100000)
	ctx, cancel := context.WithCancel(context.Background())
	opts.Sampler.Context = ctx
	opts.Progress = func(p *sampler.ChainProgress) {
		done := p.Done
		if done == 300 {
			cancel()
		}
	}
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Interrupted {
		t.Fatal("Interrupted not set")
	}
	// Chain 0 was cancelled after 200 sampling draws; chain 1 may not have
	// begun sampling and is then left out.
	if k := len(res.Draws[0]); k < 1 || k > 2 {
		t.Fatalf("kept %d chains", k)
	}
	n := len(res.Draws[0][0])
	if n == 0 || n > 200 || len(res.Draws[0][len(res.Draws[0])-1]) != n {
		t.Fatalf("kept %d draws in chain 0", n)
	}
	readCSV(t, res.Files[0]) // the interrupted file reads back
}

// TestRunNPY: with NPY, the kept draws of all chains go to one draws.npy
// that reads back equal to what was kept in memory, statistics first; an
// interrupted run's file keeps every draw of every chain, whose chains with
// draws are those kept in memory (there cut to the shortest), and a chain
// that had not begun sampling has none.
func TestRunNPY(t *testing.T) {
	opts := options(t, 3, 100, 150)
	opts.NPY = true
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	chains, err := runfiles.ReadNPYRun(opts.OutputDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || filepath.Base(res.Files[0]) != "draws.npy" || len(chains) != 3 {
		t.Fatalf("files %v with %d chains, want draws.npy with 3", res.Files, len(chains))
	}
	for c, ch := range chains {
		if len(ch.Draws) != 150 || ch.Adaptation == nil || ch.Adaptation.Stepsize != res.Adaptations[c].Stepsize {
			t.Fatalf("chain %d: %d draws, adaptation %+v; want 150 draws and step size %g", c+1, len(ch.Draws), ch.Adaptation, res.Adaptations[c].Stepsize)
		}
		for i, row := range ch.Draws {
			n := len(runfiles.SamplerColumns)
			if row[0] != res.Stats[c][i].LP || row[n] != res.Draws[0][c][i] || row[n+1] != res.Draws[1][c][i] {
				t.Fatalf("chain %d, draw %d: file row %v, kept lp__ %g and draws %g, %g", c+1, i, row, res.Stats[c][i].LP, res.Draws[0][c][i], res.Draws[1][c][i])
			}
		}
	}

	opts = options(t, 2, 100, 100000)
	opts.NPY = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts.Sampler.Context = ctx
	opts.Progress = func(p *sampler.ChainProgress) {
		done := p.Done
		if done == 300 {
			cancel()
		}
	}
	if res, err = Run(opts); err != nil || !res.Interrupted {
		t.Fatalf("interrupted run: %v, Interrupted %v", err, res.Interrupted)
	}
	if chains, err = runfiles.ReadNPYRun(opts.OutputDir); err != nil {
		t.Fatal(err)
	}
	// Which chains began sampling depends on scheduling: the file's chains
	// with draws must be the kept ones, in order, row for row.
	n, kept := len(res.Stats[0]), 0
	for c, ch := range chains {
		if len(ch.Draws) == 0 {
			continue
		}
		if kept == len(res.Stats) {
			t.Fatalf("chain %d has draws in the file, but only %d chains were kept", c+1, kept)
		}
		if len(ch.Draws) < n {
			t.Fatalf("chain %d: %d draws in the file, %d kept in memory", c+1, len(ch.Draws), n)
		}
		for i, row := range ch.Draws[:n] {
			if row[0] != res.Stats[kept][i].LP {
				t.Fatalf("chain %d, draw %d: lp__ %g in the file, %g kept", c+1, i, row[0], res.Stats[kept][i].LP)
			}
		}
		kept++
	}
	if kept != len(res.Stats) {
		t.Errorf("%d chains with draws in the file, %d kept in memory", kept, len(res.Stats))
	}
}

// TestRunNPYWritesEndedChains: a chain writes its last draws to draws.npy
// as soon as it has them, not when the run ends, so that a run killed
// (SIGKILL) later keeps them: when a chain reports its last iteration,
// draws_written.npy already counts all its draws. 150 draws is not a
// multiple of the 64 a chain buffers.
func TestRunNPYWritesEndedChains(t *testing.T) {
	opts := options(t, 3, 100, 150)
	opts.NPY = true
	counted := make([]int64, 3)
	opts.Progress = func(p *sampler.ChainProgress) {
		chain, done := p.Chain, p.Done
		if done < 250 {
			return
		}
		data, err := os.ReadFile(filepath.Join(opts.OutputDir, "draws_written.npy"))
		if err != nil || len(data) != 128+3*8 {
			t.Errorf("chain %d ended: draws_written.npy %d bytes, %v", chain+1, len(data), err)
			return
		}
		counted[chain] = int64(binary.LittleEndian.Uint64(data[128+8*chain:]))
	}
	if _, err := Run(opts); err != nil {
		t.Fatal(err)
	}
	for c, n := range counted {
		if n != 150 {
			t.Errorf("chain %d ended with %d of its 150 draws counted in draws_written.npy", c+1, n)
		}
	}
}

// readCSV reads a chain's Stan CSV file.
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
