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
	"encoding"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
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
	// NewWarmupGenerated, when not nil, gives each chain the generator of
	// its warmup draws' quantities (written with CSV.SaveWarmup), so that
	// saving them takes nothing from the sampling draws' random stream;
	// nil uses NewGenerated's.
	NewWarmupGenerated func(chain int) Generated

	// OutputDir, when not empty, receives one Stan-CSV file per chain named
	// Prefix_<chain id>.csv (chain ids 1-based, after ChainOffset), or with
	// NPY all chains' kept draws in OutputDir/draws.npy and draws.json
	// (runfiles.NPYRun): the format for thousands of chains.
	OutputDir string
	Prefix    string
	NPY       bool
	CSV       runfiles.StanCSVConfig // header settings; per-chain fields are filled in

	// Writer, when not nil, also receives every kept draw as it is made
	// (and the saved warmup draws); the run closes it when sampling ends.
	Writer DrawWriter

	// Progress, when not nil, is told after every iteration where the
	// chain stands (sampler.Sink.Progress; RunBlocks: after every block).
	Progress func(p *sampler.ChainProgress)
	// Regrouped, when not nil, is told of each chain that warmup moved to
	// another's state (sampler.Config.Regroup).
	Regrouped func(r sampler.Regrouping)

	// Append continues the finished run whose files are in OutputDir,
	// each chain from its state in Sampler.Resume: the new draws follow
	// the files' rows (see appendOutputs), CSV.NumSamples counts them all,
	// and the Result holds the old draws and the new. GeneratedStates
	// restore each chain's generator (an encoding.BinaryUnmarshaler), as
	// Result.GeneratedStates saved them.
	Append          bool
	GeneratedStates [][]byte
}

// Result is what a run kept.
type Result struct {
	Names []string
	// Draws[v][c][i] is output element v in chain c at kept sampling draw i.
	// After an interruption, chains that had not begun sampling are left out
	// and the others are cut to the shortest one (the files keep all).
	Draws [][][]float64
	// Stats[c][i] are the sampler statistics of chain c's kept draw i.
	Stats       [][]sampler.Stats
	Adaptations []*sampler.Adaptation // per chain; nil where warmup did not finish
	Files       []string              // the Stan-CSV files written
	Interrupted bool
	Elapsed     time.Duration // sampling, from the first chain's start to the last one's end
	Gradients   int64         // gradient evaluations of all chains, initialization and warmup included
	// Rejections are the reasons the log density rejected points, with
	// their counts among Gradients; the Go sampler only.
	Rejections []diagnostics.Rejection
	// States are where each chain stands after its last iteration, to
	// continue the run (Options.Append); GeneratedStates the random
	// streams of their generators (nil when a generator is not an
	// encoding.BinaryMarshaler). The Go sampler only, and only when every
	// chain finished: nil otherwise.
	States          []*sampler.ChainState
	GeneratedStates [][]byte
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
func (r *Result) SamplerDraws() [][]runfiles.Draw {
	out := make([][]runfiles.Draw, len(r.Stats))
	for c, chain := range r.Stats {
		out[c] = make([]runfiles.Draw, len(chain))
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
	index   int
	kernel  Kernel
	gen     Generated
	warmGen Generated // the warmup draws' generator
	out     []float64 // parameters and transformed parameters, then generated quantities
	file    *os.File
	csv     *runfiles.StanCSVWriter
	draws   [][]float64 // [variable][draw]
	stats   []sampler.Stats
	adapted *sampler.Adaptation
	start   time.Time
	warmup  time.Duration
	npyRows []float64 // kept rows not yet written to the NPY file
	npyNext int       // the chain's next row in the NPY file

	final    *sampler.ChainState // where the chain stopped
	genState []byte
	// prevSampling is the sampling time of the run continued (Append).
	prevSampling time.Duration
}

// stopped records where the chain stopped, st, and its generated
// quantities' stream there, for a later run that continues it or
// reuses its adaptation.
func (co *chainOutput) stopped(st *sampler.ChainState) error {
	co.final = st
	if m, ok := co.gen.(encoding.BinaryMarshaler); ok {
		b, err := m.MarshalBinary()
		if err != nil {
			return err
		}
		co.genState = b
	}
	return nil
}

// Run samples with the Go sampler and returns what was kept. An
// interrupted run (its context cancelled) returns the draws so far with
// Interrupted set and a nil error: draws already made are never lost.
func Run(opts Options) (*Result, error) {
	r, err := newRun(opts, true)
	if err != nil {
		return nil, err
	}
	defer closeAll(r.chains)
	sink := sampler.Sink{
		Draw: func(d *sampler.Draw) error {
			co := r.chains[d.Chain]
			if d.Warmup && !opts.CSV.SaveWarmup {
				return nil
			}
			co.kernel.Constrain(co.out[:r.np], d.Q)
			return r.row(co, d.Stats, d.Warmup) // the sampler adds the chain and iteration to an error
		},
		Final: func(chain int, st *sampler.ChainState) error {
			return r.chains[chain].stopped(st)
		},
		Adapted: func(chain int, a *sampler.Adaptation) error {
			return r.adapted(r.chains[chain], a)
		},
		Progress:  opts.Progress,
		Regrouped: opts.Regrouped,
	}
	t0 := time.Now()
	counted := make([]countedKernel, len(r.chains))
	kernels := func(c int) sampler.Kernel {
		counted[c].Kernel = r.chains[c].kernel
		counted[c].why, _ = r.chains[c].kernel.(Rejecter)
		return &counted[c]
	}
	err = sampler.Run(opts.Sampler, kernels, sink)
	for _, k := range counted {
		r.res.Gradients += k.n
		r.res.Rejections = mergeRejections(r.res.Rejections, k.rejections)
	}
	return r.finish(err, time.Since(t0))
}

// Rejecter is what a Kernel may also do: say why its log density at q is
// -Inf (a transformed parameter outside its declared bound), as Stan names
// the variable, the bound and the value. reason is "" when it cannot say.
type Rejecter interface {
	Rejection(q []float64) (reason, example string)
}

// countedKernel counts a chain's gradient evaluations and explains its
// rejections (one goroutine per chain: no atomics needed).
type countedKernel struct {
	sampler.Kernel
	n          int64
	why        Rejecter // nil when the kernel cannot explain
	rejections []diagnostics.Rejection
}

func (k *countedKernel) LogDensityGrad(grad, q []float64) float64 {
	k.n++
	lp := k.Kernel.LogDensityGrad(grad, q)
	if math.IsInf(lp, -1) && k.why != nil {
		if reason, example := k.why.Rejection(q); reason != "" {
			k.rejections = mergeRejections(k.rejections, []diagnostics.Rejection{{Reason: reason, Example: example, Count: 1}})
		}
	}
	return lp
}

// mergeRejections adds more's counts to all's, by reason, keeping the
// first example of each.
func mergeRejections(all, more []diagnostics.Rejection) []diagnostics.Rejection {
	for _, m := range more {
		i := slices.IndexFunc(all, func(a diagnostics.Rejection) bool { return a.Reason == m.Reason })
		if i < 0 {
			all = append(all, m)
		} else {
			all[i].Count += m.Count
		}
	}
	return all
}

// run is one run's outputs while it samples.
type run struct {
	opts   Options
	res    *Result
	chains []*chainOutput
	np     int // parameters and transformed parameters: the leading outputs

	npy     *runfiles.NPYRun // with Options.NPY
	npyRows int              // the rows each chain keeps in npy

	writer writerState // with Options.Writer

	mu       sync.Mutex // guards writeErr; per-chain state needs no lock
	writeErr error
}

// npyBlockRows is how many rows a chain buffers before one write to the NPY
// file: one system call per row would be millions for thousands of chains.
const npyBlockRows = 64

// newRun opens the run's outputs; kernels says whether each chain needs
// its own Kernel (the Go sampler's constrain map).
func newRun(opts Options, kernels bool) (*run, error) {
	cfg := opts.Sampler
	names := append(append([]string(nil), opts.Names...), opts.GQNames...)
	r := &run{opts: opts, res: &Result{Names: names}, chains: make([]*chainOutput, cfg.Chains), np: len(opts.Names)}
	// The number of draws each chain keeps, so that appending never copies:
	// with Append, those of the whole run.
	kept := keptRows(opts.CSV.NumSamples, cfg.Thin)
	if !opts.Append {
		kept = keptRows(cfg.Samples, cfg.Thin)
	}
	var prevNPY []*runfiles.StanCSV
	if opts.OutputDir != "" && opts.NPY {
		if opts.Append {
			var err error
			if prevNPY, err = readPrevNPY(opts, cfg.Chains); err != nil {
				return nil, err
			}
		}
		rows := kept
		if opts.CSV.SaveWarmup {
			rows += keptRows(cfg.Warmup, cfg.Thin)
		}
		npy, err := runfiles.CreateNPYRun(opts.OutputDir, opts.CSV, names, cfg.Chains, rows, cfg.ChainOffset)
		if err != nil {
			return nil, fmt.Errorf("cannot write draws: %w", err)
		}
		r.npy, r.npyRows = npy, rows
		r.res.Files = []string{npy.Path()}
	}
	for c := range r.chains {
		co := &chainOutput{index: c, out: make([]float64, len(names)),
			draws: make([][]float64, len(names)), start: time.Now(),
			stats: make([]sampler.Stats, 0, max(kept, 0))}
		if kernels {
			co.kernel = opts.NewKernel(c)
		}
		for v := range co.draws {
			co.draws[v] = make([]float64, 0, max(kept, 0))
		}
		if opts.NewGenerated != nil {
			co.gen, co.warmGen = opts.NewGenerated(c), nil
			if opts.NewWarmupGenerated != nil {
				co.warmGen = opts.NewWarmupGenerated(c)
			}
		}
		r.chains[c] = co
		if opts.OutputDir != "" && !opts.NPY {
			path, err := co.openCSV(opts, c)
			if err != nil {
				closeAll(r.chains)
				return nil, err
			}
			r.res.Files = append(r.res.Files, path)
		}
	}
	if opts.Append {
		if err := r.appendOutputs(prevNPY); err != nil {
			closeAll(r.chains)
			if r.npy != nil {
				r.npy.Close(0)
			}
			return nil, err
		}
	}
	return r, nil
}

// keptRows is how many of n iterations thinning by thin keeps: 0, thin,
// 2*thin, ...
func keptRows(n, thin int) int {
	if n <= 0 {
		return 0
	}
	return (n + thin - 1) / thin
}

// keep records a kept sampling draw of co, whose co.out[:np] holds its
// parameters: it computes the generated quantities and writes the row.
func (r *run) keep(co *chainOutput, s sampler.Stats) error { return r.row(co, s, false) }

// row records a kept draw of co: a sampling draw is written and kept in
// memory, a warmup one (with save_warmup) only written.
func (r *run) row(co *chainOutput, s sampler.Stats, warmup bool) error {
	gen := co.gen
	if warmup && co.warmGen != nil {
		gen = co.warmGen
	}
	if gen != nil {
		if err := gen.Generate(co.out[:r.np], co.out[r.np:]); err != nil {
			return err
		}
	}
	if err := r.writeCSV(co, s); err != nil {
		return err
	}
	if warmup {
		if err := r.writeWarmupDraw(co, s); err != nil {
			return err
		}
	} else if err := r.writeDraw(co, s); err != nil {
		return err
	}
	if r.npy != nil {
		co.npyRows = append(co.npyRows, s.LP, s.AcceptStat, s.Stepsize, float64(s.Treedepth), float64(s.NLeapfrog), bit(s.Divergent), s.Energy)
		co.npyRows = append(co.npyRows, co.out...)
		// A chain that has all its draws writes them at once, so that a
		// killed run keeps the chains that had ended.
		width := len(runfiles.SamplerColumns) + len(co.out)
		if n := len(co.npyRows) / width; n >= npyBlockRows || co.npyNext+n == r.npyRows {
			if err := r.flushNPY(co); err != nil {
				return err
			}
		}
	}
	if warmup {
		return nil
	}
	for v, x := range co.out {
		co.draws[v] = append(co.draws[v], x)
	}
	co.stats = append(co.stats, s)
	return nil
}

// writeCSV writes co.out's row to co's CSV file, if it has one.
func (r *run) writeCSV(co *chainOutput, s sampler.Stats) error {
	if co.csv == nil {
		return nil
	}
	if err := co.csv.WriteDraw(csvDraw(s), co.out); err != nil {
		r.mu.Lock()
		r.writeErr = err
		r.mu.Unlock()
		return err
	}
	return nil
}

// adapted records the end of co's warmup.
func (r *run) adapted(co *chainOutput, a *sampler.Adaptation) error {
	co.warmup = time.Since(co.start)
	stepsize := a.Stepsize
	co.adapted = &sampler.Adaptation{Stepsize: stepsize, Metric: a.Metric, InvMetric: slices.Clone(a.InvMetric), LowRank: slices.Clone(a.LowRank)}
	if r.npy != nil {
		r.npy.SetAdaptation(co.index, stepsize, co.adapted.InvMetric)
	}
	if r.opts.Writer != nil {
		r.opts.Writer.SetAdaptation(co.index, stepsize, co.adapted.InvMetric)
	}
	if co.csv == nil {
		return nil
	}
	return co.csv.WriteAdaptation(runfiles.Adaptation{Stepsize: stepsize,
		InvMetric: co.adapted.InvMetric, Dense: a.Metric == sampler.Dense, LowRank: co.adapted.LowRank})
}

// finish closes the outputs after the sampler returned err and gathers
// the result: an interruption is a result, not an error.
func (r *run) finish(err error, elapsed time.Duration) (*Result, error) {
	res := r.res
	res.Elapsed = elapsed
	npyErr := r.closeNPY(elapsed)
	if r.opts.Writer != nil {
		if werr := r.opts.Writer.Close(); npyErr == nil {
			npyErr = werr
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		res.Interrupted = true
	case r.writeErr != nil:
		return nil, fmt.Errorf("writing draws: %w", r.writeErr)
	default:
		return nil, err
	}
	if npyErr != nil {
		return nil, fmt.Errorf("writing draws: %w", npyErr)
	}
	for _, co := range r.chains {
		if co.csv != nil {
			if err := co.csv.WriteTiming(co.warmup, time.Since(co.start)-co.warmup+co.prevSampling); err != nil {
				return nil, fmt.Errorf("writing draws: %w", err)
			}
		}
		res.Adaptations = append(res.Adaptations, co.adapted)
	}
	// A file that does not close cleanly (a full disk, a network file
	// system) may have lost draws: that is an error, not a success.
	if err := closeAll(r.chains); err != nil {
		return nil, fmt.Errorf("writing draws: %w", err)
	}
	gather(res, r.chains)
	if !res.Interrupted {
		for _, co := range r.chains {
			res.States = append(res.States, co.final)
			res.GeneratedStates = append(res.GeneratedStates, co.genState)
		}
		if slices.Contains(res.States, nil) {
			res.States, res.GeneratedStates = nil, nil
		}
	}
	return res, nil
}

func (co *chainOutput) openCSV(opts Options, c int) (string, error) {
	id := opts.Sampler.ChainOffset + c + 1
	path := filepath.Join(opts.OutputDir, fmt.Sprintf("%s_%d.csv", opts.Prefix, id))
	if opts.Append {
		return path, co.appendCSV(path, opts)
	}
	f, err := os.Create(path)
	if err != nil {
		return "", fmt.Errorf("cannot write draws: %w", err)
	}
	cfg := opts.CSV
	cfg.Chain = id
	cfg.Output = path
	w, err := runfiles.NewStanCSVWriter(f, cfg, append(append([]string(nil), opts.Names...), opts.GQNames...))
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

func csvDraw(s sampler.Stats) runfiles.Draw {
	return runfiles.Draw{LP: s.LP, AcceptStat: s.AcceptStat, Stepsize: s.Stepsize,
		Treedepth: s.Treedepth, NLeapfrog: s.NLeapfrog, Divergent: s.Divergent, Energy: s.Energy}
}

// flushNPY writes co's buffered rows to the NPY file.
func (r *run) flushNPY(co *chainOutput) error {
	if len(co.npyRows) == 0 {
		return nil
	}
	width := len(runfiles.SamplerColumns) + len(co.out)
	err := r.npy.WriteRows(co.index, co.npyNext, co.npyRows)
	co.npyNext += len(co.npyRows) / width
	co.npyRows = co.npyRows[:0]
	if err != nil {
		r.mu.Lock()
		r.writeErr = err
		r.mu.Unlock()
	}
	return err
}

// closeNPY writes what the chains still buffer and closes the NPY file,
// which keeps every row each chain wrote (see runfiles.NPYRun.Close).
func (r *run) closeNPY(elapsed time.Duration) error {
	if r.npy == nil {
		return nil
	}
	for _, co := range r.chains {
		if err := r.flushNPY(co); err != nil {
			return err
		}
	}
	return r.npy.Close(elapsed)
}

func bit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
