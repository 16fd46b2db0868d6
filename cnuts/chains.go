package cnuts

import (
	"context"
	_ "embed" // nuts.h
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/sampler"
)

// nutsH is nuts.h, which leaves its constants to nutsDefines.
//
//go:embed nuts.h
var nutsH string

// nutsC is the C source of the per-chain NUTS: the #defines of package
// sampler's constants (nuts_constants.go), then nuts.h.
var nutsC = nutsDefines() + nutsH

// DefaultMaxDepth is the largest max_depth a ChainSource accepts unless
// told otherwise: Stan's default tree depth. Every tree level costs each
// chain's state about 10 vectors of Dim doubles.
const DefaultMaxDepth = sampler.DefaultMaxTreeDepth

// ChainSource is a model's C with the per-chain NUTS appended: one
// translation unit for cc or NVRTC.
type ChainSource struct {
	Code       []byte
	Dim        int // length of the unconstrained q
	NumOutputs int // constrained values per draw
	MaxDepth   int // largest ChainConfig.MaxTreeDepth it runs
	// Extern lists the model's data arrays passed by pointer
	// (emit.Source.Extern), as the bytes bind_data or the device
	// table expects: float64 values, or float32 with Float32.
	Extern [][]byte
	// Float32: the model computes in single precision; Workspace and
	// RedWidth count floats.
	Float32 bool
	// Regime 2 (RegimeData): a group of threads per chain sharing
	// Workspace doubles of the model's workspace and RedWidth doubles of
	// reduction scratch per thread. Group is false for regime 1.
	Group               bool
	Workspace, RedWidth int
}

// Regime is how the device runs a model's chains.
type Regime int

const (
	// RegimeChains runs each chain on one thread: many chains of a small
	// model.
	RegimeChains Regime = iota
	// RegimeData runs each chain on a block of threads that share every
	// gradient: few chains of a model with much data.
	RegimeData
)

func (r Regime) String() string { return [...]string{"chains", "data"}[r] }

// GroupThreads is the thread-block size of RegimeData on the GPU, one block
// per chain: enough threads to stream a large data set through one
// multiprocessor. The source is built for it (__launch_bounds__), so a
// device launches each chain's block with it. Provisional until measured
// (make bench-gpu).
const GroupThreads = 256

// groupHeader defines, before the model's cooperative code, what a group
// of threads is: a thread block of GroupThreads (its %d) on the GPU,
// POSIX threads in plain C.
const groupHeader = `#define BAYES_NUTS_COOP 1
#define BAYES_NUTS_GROUP_THREADS %d
#ifdef __CUDACC__
#define BAYES_TID ((int)threadIdx.x)
#define BAYES_NT ((int)blockDim.x)
#define BAYES_SYNC() __syncthreads()
#else
#include <pthread.h>
#ifndef BAYES_NUTS_HOST_THREADS
#define BAYES_NUTS_HOST_THREADS 3
#endif
static __thread int bayes_coop_tid;
static pthread_barrier_t bayes_coop_barrier;
#define BAYES_TID bayes_coop_tid
#define BAYES_NT BAYES_NUTS_HOST_THREADS
#define BAYES_SYNC() ((void)pthread_barrier_wait(&bayes_coop_barrier))
#endif
`

// ChainOptions say how to build a model's ChainSource.
type ChainOptions struct {
	// MaxDepth is the largest ChainConfig.MaxTreeDepth the source runs; 0
	// means DefaultMaxDepth.
	MaxDepth int
	Regime   Regime
	// Float32 computes the model's log density and gradient in single
	// precision (emit.Options.Float32); the NUTS stays in double.
	// Check the model with compiler.Model.Float32Safe first.
	Float32 bool
}

// NewChainSource emits m's log density, gradient and constrain map and
// appends the NUTS of nuts.h, sized for m and the options.
func NewChainSource(m *compiler.Model, opts ChainOptions) (*ChainSource, error) {
	maxDepth := opts.MaxDepth
	if maxDepth == 0 {
		maxDepth = DefaultMaxDepth
	}
	if maxDepth < 1 || maxDepth > 30 {
		return nil, fmt.Errorf("cnuts: max tree depth %d: must be between 1 and 30", maxDepth)
	}
	if m.Dim() == 0 {
		return nil, errors.New("cnuts: the model has no parameters: there is nothing for NUTS to sample")
	}
	group := opts.Regime == RegimeData
	src, err := m.EmitC(emit.Options{Cooperative: group, Float32: opts.Float32})
	if err != nil {
		return nil, err
	}
	var code []byte
	if group {
		code = fmt.Appendf(code, groupHeader, GroupThreads)
	}
	code = append(code, src.Code...)
	code = fmt.Appendf(code, "\n#define BAYES_NUTS_DIM %d\n#define BAYES_NUTS_NOUT %d\n#define BAYES_NUTS_WS %d\n#define BAYES_NUTS_MAX_DEPTH %d\n",
		m.Dim(), max(src.NumOutputs, 1), max(src.Workspace, 1), maxDepth)
	if group {
		code = fmt.Appendf(code, "#define BAYES_NUTS_COOP_WS %d\n#define BAYES_NUTS_COOP_RED %d\n", max(src.Workspace, 1), src.CoopRedWidth)
	}
	code = append(code, '\n')
	code = append(code, nutsC...)
	cs := &ChainSource{Code: code, Dim: m.Dim(), NumOutputs: src.NumOutputs, MaxDepth: maxDepth,
		Group: group, Workspace: max(src.Workspace, 1), RedWidth: src.CoopRedWidth, Float32: src.Float32}
	for _, x := range src.Extern {
		cs.Extern = append(cs.Extern, externData(x, src.Float32))
	}
	return cs, nil
}

// externData is a data array as the emitted code reads it: float64, or
// float32 in a single-precision source.
func externData(x []float64, float32s bool) []byte {
	if len(x) == 0 {
		return nil
	}
	if !float32s {
		return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x))
	}
	out := make([]byte, 4*len(x))
	for i, v := range x {
		binary.NativeEndian.PutUint32(out[4*i:], math.Float32bits(float32(v)))
	}
	return out
}

// ChainConfig is a device run's settings: the Go sampler's (sampler.Config,
// the same fields with the same meaning and defaults) and how the host
// takes the draws. The device reads Seed, ChainOffset (chain c draws from
// Philox stream ChainOffset + c), Warmup, Samples, MaxTreeDepth,
// AdaptDelta, Stepsize and InitRadius; the run's chains are the nchains of
// Run and Stream, its context theirs. Blocks hold every sampling draw (a
// caller that thins, as fit.RunBlocks does, drops rows) and no warmup draw.
// The metric must be Diag and Inits nil: the device adapts only a diagonal
// metric and draws its own initial values (one per superchain with
// Superchains, as the Go sampler draws them).
//
// Chain c draws its random numbers from Philox4x32-10 keyed by Seed, not
// from the Go sampler's PCG(Seed, c): the same seed gives draws here that
// are statistically equivalent to sampler.Run's, never bit-identical.
type ChainConfig struct {
	sampler.Config
	// MaxBlock, when positive, caps the iterations of a block (the
	// stretch after which the host takes the draws); 0 sizes blocks by
	// their pace. It changes no draw.
	MaxBlock int
}

// DefaultChainConfig returns sampler.DefaultConfig's settings (CmdStan's
// defaults), blocks sized by their pace.
func DefaultChainConfig() ChainConfig {
	return ChainConfig{Config: sampler.DefaultConfig()}
}

// CConfig is bayes_nuts_config, field for field: 8 + 4*4 + 3*8 + 4
// bytes, padded to 56 as C pads it. Stream fills it from a ChainConfig and
// hands a Backend a pointer to it, which the backend passes to the C; its
// fields are the C's.
type CConfig struct {
	seed                                         uint64
	chainOffset, numWarmup, numSamples, maxDepth int32
	adaptDelta, stepsize, initRadius             float64
	superchainSize                               int32
	_                                            int32
}

// check refuses what the Go sampler would refuse (sampler.Config.Check,
// for a run of nchains chains), then what the device cannot run: counts
// past its 32-bit integers, a tree deeper than the source's maxDepth, a
// metric other than Diag, initial values.
func (c *ChainConfig) check(nchains, maxDepth int) error {
	sc := c.Config
	sc.Chains = nchains
	if err := sc.Check(); err != nil {
		return err
	}
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("cnuts: %s = %v: %s", name, v, want)
	}
	switch {
	case c.Warmup > 1<<30:
		return bad("Warmup", c.Warmup, "must be between 0 and 2^30")
	case c.Samples > 1<<30:
		return bad("Samples", c.Samples, "must be between 0 and 2^30")
	case c.Warmup+c.Samples > 1<<30:
		return bad("Warmup + Samples", c.Warmup+c.Samples, "must be at most 2^30")
	case c.ChainOffset > 1<<30:
		return bad("ChainOffset", c.ChainOffset, "must be between 0 and 2^30")
	case c.MaxTreeDepth > maxDepth:
		return bad("MaxTreeDepth", c.MaxTreeDepth, fmt.Sprintf("this source runs 1 to %d (NewChainSource's maxDepth)", maxDepth))
	case c.Metric != sampler.Diag:
		return bad("Metric", c.Metric, "the device sampler adapts only the diagonal metric (diag_e)")
	case c.Inits != nil:
		return bad("Inits", fmt.Sprintf("%d vectors", len(c.Inits)), "the device sampler draws its own initial values")
	case c.MaxBlock < 0:
		return bad("MaxBlock", c.MaxBlock, "must be 0 (sized by pace) or positive")
	}
	return nil
}

func (c *ChainConfig) toC() CConfig {
	return CConfig{seed: c.Seed, chainOffset: int32(c.ChainOffset), numWarmup: int32(c.Warmup), numSamples: int32(c.Samples),
		maxDepth: int32(c.MaxTreeDepth), adaptDelta: c.AdaptDelta, stepsize: c.Stepsize, initRadius: c.InitRadius}
}

// Columns of a row of statistics, in Stan's CSV order (BAYES_NUTS_NSTATS).
const (
	StatLP = iota
	StatAcceptStat
	StatStepsize
	StatTreedepth
	StatNLeapfrog
	StatDivergent
	StatEnergy
	NumStats
)

// Block is one stretch of iterations of every chain of a run: the rows
// they kept in it, and where each chain stands after it. Rows are
// iteration-major, as the device writes them, so that a block is one
// contiguous copy: row r of chain c is at r*Chains + c.
type Block struct {
	Chains, NumOutputs, Dim int
	// Iterations is the number of iterations each chain has done after the
	// block, warmup included; Warmup reports that warmup is not over.
	Iterations int
	Warmup     bool
	// The block holds sampling rows First .. First+Rows-1 of every chain.
	First, Rows  int
	draws, stats []float64
	info         []float64 // [chain][Dim+3]: BAYES_NUTS_INFO
}

// Draw is the constrained draw at row First+r of chain c. It aliases the
// block, which is valid only during the call that receives it.
func (b *Block) Draw(c, r int) []float64 {
	off := (r*b.Chains + c) * b.NumOutputs
	return b.draws[off : off+b.NumOutputs]
}

// Stat is the statistics row (Stat* columns) at row First+r of chain c.
func (b *Block) Stat(c, r int) []float64 {
	off := (r*b.Chains + c) * NumStats
	return b.stats[off : off+NumStats]
}

// Stepsize is chain c's step size: the adapted one once warmup is over.
func (b *Block) Stepsize(c int) float64 { return b.info[c*(b.Dim+3)] }

// InvMetric is chain c's diagonal inverse metric (aliases the block).
func (b *Block) InvMetric(c int) []float64 {
	off := c*(b.Dim+3) + 1
	return b.info[off : off+b.Dim]
}

// Gradients is the number of gradients all chains have evaluated so far,
// initialization and warmup included.
func (b *Block) Gradients() int64 {
	var n int64
	for c := range b.Chains {
		n += int64(b.info[c*(b.Dim+3)+b.Dim+2])
	}
	return n
}

// Backend is where a run's chain states live between blocks and whose C
// advances them: HostChains, and package cuda's Chains on a GPU. Stream
// and Collect drive a backend; its own Stream and Run call them.
type Backend interface {
	Source() *ChainSource
	// Begin allocates and starts nchains chains (bayes_nuts_begin).
	Begin(nchains int, cfg *CConfig) error
	// Advance runs every chain to iteration itEnd (bayes_nuts_advance),
	// filling out.
	Advance(cfg *CConfig, itEnd int, out Output) error
	// End frees the states.
	End() error
}

// Output is where an Advance writes: the sampling rows First ..
// First+Rows-1 of every chain into Draws and Stats (iteration-major, as
// Block's; the slices may be longer than Rows rows), each chain's
// BAYES_NUTS_INFO into Info ([chain][Dim+3]) and its status (0, or a
// BAYES_NUTS_ERR_*) into Status.
type Output struct {
	First, Rows        int
	Draws, Stats, Info []float64
	Status             []int32
}

// Block sizes: the first block is short, so that the first progress and a
// chain's failure come soon; later ones aim at blockSeconds, bounded by
// maxBlockValues doubles of rows (the host and device buffers).
const (
	firstBlock     = 10
	blockSeconds   = 0.5
	maxBlockValues = 1 << 26 // 512 MiB
)

// Stream runs nchains chains of cfg on b block by block, calling emit
// after each. Warmup and sampling never share a block, so that the
// adaptation is final in the first block with rows. It returns the first
// chain failure, emit's error, or ctx's error after the block in progress.
func Stream(ctx context.Context, b Backend, nchains int, cfg ChainConfig, emit func(*Block) error) (err error) {
	if nchains < 1 {
		return fmt.Errorf("cnuts: %d chains: need at least 1", nchains)
	}
	src := b.Source()
	if err := cfg.check(nchains, src.MaxDepth); err != nil {
		return err
	}
	c := cfg.toC()
	if cfg.Superchains > 0 {
		c.superchainSize = int32(nchains / cfg.Superchains)
	}
	defer func() {
		if eerr := b.End(); err == nil {
			err = eerr
		}
	}()
	if err := b.Begin(nchains, &c); err != nil {
		return err
	}
	nout := max(src.NumOutputs, 1)
	maxRows := max(1, maxBlockValues/(nchains*(nout+NumStats)))
	blk := &Block{Chains: nchains, NumOutputs: src.NumOutputs, Dim: src.Dim, info: make([]float64, nchains*(src.Dim+3))}
	status := make([]int32, nchains)
	total := cfg.Warmup + cfg.Samples
	size := firstBlock
	if cfg.MaxBlock > 0 {
		size = min(size, cfg.MaxBlock)
	}
	for it := 0; it < total; {
		end := min(it+size, total)
		if it < cfg.Warmup {
			end = min(end, cfg.Warmup)
		} else {
			end = min(end, it+maxRows)
		}
		blk.First = max(it-cfg.Warmup, 0)
		blk.Rows = max(end-max(it, cfg.Warmup), 0)
		if need := blk.Rows * nchains; need > 0 && len(blk.stats) < need*NumStats {
			blk.draws = make([]float64, need*nout)
			blk.stats = make([]float64, need*NumStats)
		}
		t0 := time.Now()
		if err := b.Advance(&c, end, Output{First: blk.First, Rows: blk.Rows, Draws: blk.draws, Stats: blk.stats, Info: blk.info, Status: status}); err != nil {
			return err
		}
		for ch, s := range status {
			if s != 0 {
				return chainError(cfg.ChainOffset+ch, int(s))
			}
		}
		blk.Iterations, blk.Warmup = end, it < cfg.Warmup
		if err := emit(blk); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		size = nextBlock(end-it, time.Since(t0), cfg.MaxBlock)
		it = end
	}
	return nil
}

// nextBlock sizes the next block from the last one's pace.
func nextBlock(iters int, took time.Duration, limit int) int {
	next := 2 * iters
	if took > 0 {
		next = min(next, max(1, int(float64(iters)*blockSeconds/took.Seconds())))
	}
	if limit > 0 {
		next = min(next, limit)
	}
	return next
}

// ChainResult is a whole run gathered from its blocks, chain-major: what
// the tests compare.
type ChainResult struct {
	Chains, Samples, NumOutputs, Dim int
	Draws                            []float64 // [chain][sample][output]
	Stats                            []float64 // [chain][sample][Stat*]
	Stepsize                         []float64 // [chain]: adapted step size
	InvMetric                        []float64 // [chain][Dim]: adapted diagonal inverse metric
	Gradients                        int64     // gradients evaluated by all chains, warmup included
}

// Draw is the constrained draw of sample i of chain c (aliases Draws).
func (r *ChainResult) Draw(c, i int) []float64 {
	off := (c*r.Samples + i) * r.NumOutputs
	return r.Draws[off : off+r.NumOutputs]
}

// Stat is the statistics row of sample i of chain c (aliases Stats).
func (r *ChainResult) Stat(c, i int) []float64 {
	off := (c*r.Samples + i) * NumStats
	return r.Stats[off : off+NumStats]
}

// Column is output k of every draw, one slice per chain: the [chain][draw]
// layout of package diagnostics.
func (r *ChainResult) Column(k int) [][]float64 {
	return r.column(func(c, i int) float64 { return r.Draw(c, i)[k] })
}

// StatColumn is statistic col (a Stat* column) of every draw, one slice
// per chain.
func (r *ChainResult) StatColumn(col int) [][]float64 {
	return r.column(func(c, i int) float64 { return r.Stat(c, i)[col] })
}

func (r *ChainResult) column(at func(c, i int) float64) [][]float64 {
	x := make([][]float64, r.Chains)
	for c := range x {
		x[c] = make([]float64, r.Samples)
		for i := range x[c] {
			x[c][i] = at(c, i)
		}
	}
	return x
}

// Collect runs a whole run on b and gathers it.
func Collect(b Backend, nchains int, cfg ChainConfig) (*ChainResult, error) {
	src := b.Source()
	r := &ChainResult{Chains: nchains, Samples: cfg.Samples, NumOutputs: src.NumOutputs, Dim: src.Dim}
	if nchains > 0 {
		r.Draws = make([]float64, nchains*cfg.Samples*src.NumOutputs)
		r.Stats = make([]float64, nchains*cfg.Samples*NumStats)
		r.Stepsize = make([]float64, nchains)
		r.InvMetric = make([]float64, nchains*src.Dim)
	}
	err := Stream(context.Background(), b, nchains, cfg, func(blk *Block) error {
		for c := range nchains {
			for i := range blk.Rows {
				copy(r.Draw(c, blk.First+i), blk.Draw(c, i))
				copy(r.Stat(c, blk.First+i), blk.Stat(c, i))
			}
			r.Stepsize[c] = blk.Stepsize(c)
			copy(r.InvMetric[c*r.Dim:], blk.InvMetric(c))
		}
		r.Gradients = blk.Gradients()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// chainErrors says what each BAYES_NUTS_ERR_* status of nuts.h
// means, in the Go sampler's words.
var chainErrors = [...]string{
	1: "max tree depth outside what the source was built for",
	2: fmt.Sprintf("initialization failed after %d attempts drawing uniform values on the unconstrained space: ", sampler.MaxInitTries) +
		"the log density or its gradient was never finite",
	3: sampler.ErrImproperPosterior.Error(),
	4: sampler.ErrNoStepsize.Error(),
	5: "numerical overflow in metric adaptation: the sampler met extreme values on the unconstrained space",
}

// chainError numbers chains as the CPU sampler's messages do: 1-based,
// after the run's chain offset.
func chainError(chain, status int) error {
	msg := "unknown status"
	if status > 0 && status < len(chainErrors) {
		msg = chainErrors[status]
	}
	return fmt.Errorf("cnuts: chain %d: %s (status %d)", chain+1, msg, status)
}
