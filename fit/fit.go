// Package fit runs a compiled model through the sampler and streams what it
// draws to its outputs: one Stan-CSV file per chain while sampling, and the
// constrained draws in memory for the summary afterwards.
//
// Input: a kernel factory, the model's output names and the sampler's
// settings. Output: a Result with every kept draw of every output variable,
// the sampler statistics the diagnostics need, and the files written.
package fit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
)

// Kernel is a per-chain log density with its map to the output variables.
type Kernel interface {
	sampler.Kernel
	// Constrain writes the value of every output element (parameters, then
	// transformed parameters) at the unconstrained point q.
	Constrain(out, q []float64)
}

// Generated computes one draw's generated quantities from its parameters and
// transformed parameters (in output order); one per chain, used by one
// goroutine at a time.
type Generated interface {
	Generate(params, out []float64) error
}

// Options describe one run.
type Options struct {
	Sampler   sampler.Config
	Names     []string               // output element names, Stan style: "theta[1]"
	NewKernel func(chain int) Kernel // one kernel per chain

	// GQNames name the generated quantities, which follow Names in the
	// output; NewGenerated gives each chain its generator. Both empty when
	// the model has no generated quantities.
	GQNames      []string
	NewGenerated func(chain int) Generated

	// OutputDir, when not empty, receives one Stan-CSV file per chain named
	// Prefix_<chain id>.csv (chain ids 1-based, after ChainOffset).
	OutputDir string
	Prefix    string
	CSV       diagnostics.StanCSVConfig // header settings; per-chain fields are filled in

	// Progress, when not nil, is told after every iteration how many
	// iterations the chain has done.
	Progress func(chain, done int)
}

// Result is what a run kept.
type Result struct {
	Names []string
	// Draws[v][c][i] is output element v in chain c at kept sampling draw i.
	// After an interruption, chains that had not begun sampling are left out
	// and the others are cut to the shortest one (the CSV files keep all).
	Draws [][][]float64
	// Stats[c][i] are the sampler statistics of chain c's kept draw i.
	Stats       [][]sampler.Stats
	Adaptations []*sampler.Adaptation // per chain; nil where warmup did not finish
	Files       []string              // the Stan-CSV files written
	Interrupted bool
	Elapsed     time.Duration
}

// Divergences counts the divergent kept sampling transitions.
func (r *Result) Divergences() int {
	n := 0
	for _, chain := range r.Stats {
		for _, s := range chain {
			if s.Divergent {
				n++
			}
		}
	}
	return n
}

// SamplerDraws gives the sampler statistics in the diagnostics package's
// form, [chain][draw], for its warnings.
func (r *Result) SamplerDraws() [][]diagnostics.Draw {
	out := make([][]diagnostics.Draw, len(r.Stats))
	for c, chain := range r.Stats {
		out[c] = make([]diagnostics.Draw, len(chain))
		for i, s := range chain {
			out[c][i] = csvDraw(s)
		}
	}
	return out
}

// Columns gives the draws as the diagnostics package's columns.
func (r *Result) Columns() []diagnostics.Column {
	cols := make([]diagnostics.Column, len(r.Names))
	for v, name := range r.Names {
		cols[v] = diagnostics.Column{Name: name, Draws: r.Draws[v]}
	}
	return cols
}

// chainOutput is one chain's share of the run: its kernel for constraining,
// its CSV writer, and the draws kept so far.
type chainOutput struct {
	kernel  Kernel
	gen     Generated
	out     []float64 // parameters and transformed parameters, then generated quantities
	file    *os.File
	csv     *diagnostics.StanCSVWriter
	draws   [][]float64 // [variable][draw]
	stats   []sampler.Stats
	adapted *sampler.Adaptation
	start   time.Time
	warmup  time.Duration
}

// Run samples and returns what was kept. An interrupted run (its context
// cancelled) returns the draws so far with Interrupted set and a nil error:
// draws already made are never lost.
func Run(opts Options) (*Result, error) {
	cfg := opts.Sampler
	chains := make([]*chainOutput, cfg.Chains)
	names := append(append([]string(nil), opts.Names...), opts.GQNames...)
	res := &Result{Names: names}
	np := len(opts.Names)
	// The number of draws each chain keeps, so that appending never copies.
	kept := cfg.Samples
	if cfg.Thin > 1 {
		kept = (cfg.Samples + cfg.Thin - 1) / cfg.Thin
	}
	for c := range chains {
		co := &chainOutput{kernel: opts.NewKernel(c), out: make([]float64, len(names)),
			draws: make([][]float64, len(names)), start: time.Now(),
			stats: make([]sampler.Stats, 0, max(kept, 0))}
		for v := range co.draws {
			co.draws[v] = make([]float64, 0, max(kept, 0))
		}
		if opts.NewGenerated != nil {
			co.gen = opts.NewGenerated(c)
		}
		if opts.OutputDir != "" {
			path, err := co.openCSV(opts, c)
			if err != nil {
				closeAll(chains)
				return nil, err
			}
			res.Files = append(res.Files, path)
		}
		chains[c] = co
	}
	defer closeAll(chains)

	var mu sync.Mutex // guards errors from writers; per-chain state needs no lock
	var writeErr error
	sink := sampler.Sink{
		Draw: func(d *sampler.Draw) error {
			co := chains[d.Chain]
			if d.Warmup && !opts.CSV.SaveWarmup {
				return nil
			}
			co.kernel.Constrain(co.out[:np], d.Q)
			if co.gen != nil {
				if err := co.gen.Generate(co.out[:np], co.out[np:]); err != nil {
					return err // the sampler adds the chain and iteration
				}
			}
			if co.csv != nil {
				if err := co.csv.WriteDraw(csvDraw(d.Stats), co.out); err != nil {
					mu.Lock()
					writeErr = err
					mu.Unlock()
					return err
				}
			}
			if d.Warmup {
				return nil
			}
			for v, x := range co.out {
				co.draws[v] = append(co.draws[v], x)
			}
			co.stats = append(co.stats, d.Stats)
			return nil
		},
		Adapted: func(chain int, a *sampler.Adaptation) error {
			co := chains[chain]
			co.warmup = time.Since(co.start)
			co.adapted = &sampler.Adaptation{Stepsize: a.Stepsize, Metric: a.Metric,
				InvMetric: append([]float64(nil), a.InvMetric...)}
			if co.csv == nil {
				return nil
			}
			return co.csv.WriteAdaptation(diagnostics.Adaptation{Stepsize: a.Stepsize,
				InvMetric: co.adapted.InvMetric, Dense: a.Metric == sampler.Dense})
		},
		Progress: opts.Progress,
	}
	t0 := time.Now()
	kernels := func(c int) sampler.Kernel { return chains[c].kernel }
	err := sampler.Run(cfg, kernels, sink)
	res.Elapsed = time.Since(t0)
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		res.Interrupted = true
	case writeErr != nil:
		return nil, fmt.Errorf("writing draws: %w", writeErr)
	default:
		return nil, err
	}
	for _, co := range chains {
		if co.csv != nil {
			if err := co.csv.WriteTiming(co.warmup, time.Since(co.start)-co.warmup); err != nil {
				return nil, fmt.Errorf("writing draws: %w", err)
			}
		}
		res.Adaptations = append(res.Adaptations, co.adapted)
	}
	// A file that does not close cleanly (a full disk, a network file
	// system) may have lost draws: that is an error, not a success.
	if err := closeAll(chains); err != nil {
		return nil, fmt.Errorf("writing draws: %w", err)
	}
	gather(res, chains)
	return res, nil
}

func (co *chainOutput) openCSV(opts Options, c int) (string, error) {
	id := opts.Sampler.ChainOffset + c + 1
	path := filepath.Join(opts.OutputDir, fmt.Sprintf("%s_%d.csv", opts.Prefix, id))
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("cannot write draws: %w", err)
	}
	cfg := opts.CSV
	cfg.Chain = id
	cfg.Output = path
	w, err := diagnostics.NewStanCSVWriter(f, cfg, append(append([]string(nil), opts.Names...), opts.GQNames...))
	if err != nil {
		f.Close()
		return "", fmt.Errorf("cannot write draws to %s: %w", path, err)
	}
	co.file, co.csv = f, w
	return path, nil
}

// closeAll closes every open file and returns the first error.
func closeAll(chains []*chainOutput) error {
	var first error
	for _, co := range chains {
		if co != nil && co.file != nil {
			if err := co.file.Close(); err != nil && first == nil {
				first = err
			}
			co.file = nil
		}
	}
	return first
}

// gather moves the chains' draws into res. The summary needs chains of one
// length, and an interrupted run's chains stop at different iterations (some
// before sampling began, when there are more chains than cores): chains with
// no sampling draw are left out and the rest cut to the shortest.
func gather(res *Result, chains []*chainOutput) {
	var kept []*chainOutput
	n := math.MaxInt
	for _, co := range chains {
		if len(co.stats) > 0 {
			kept = append(kept, co)
			n = min(n, len(co.stats))
		}
	}
	res.Draws = make([][][]float64, len(res.Names))
	for v := range res.Names {
		for _, co := range kept {
			res.Draws[v] = append(res.Draws[v], co.draws[v][:n])
		}
	}
	for _, co := range kept {
		res.Stats = append(res.Stats, co.stats[:n])
	}
}

func csvDraw(s sampler.Stats) diagnostics.Draw {
	return diagnostics.Draw{LP: s.LP, AcceptStat: s.AcceptStat, Stepsize: s.Stepsize,
		Treedepth: s.Treedepth, NLeapfrog: s.NLeapfrog, Divergent: s.Divergent, Energy: s.Energy}
}
