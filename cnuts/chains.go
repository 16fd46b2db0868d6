package cnuts

import (
	"context"
	"fmt"
	"time"

	"github.com/bayes-dev/bayes/sampler"
)

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
	info         []float64 // [chain][infoLen]: BAYES_NUTS_INFO
	metricLen    int       // ChainSource.MetricLen
	infoLen      int       // ChainSource.InfoLen
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
func (b *Block) Stepsize(c int) float64 { return b.info[c*b.infoLen] }

// InvMetric is chain c's inverse metric (aliases the block): its diagonal,
// or for a dense source the Dim x Dim matrix, row-major.
func (b *Block) InvMetric(c int) []float64 {
	off := c*b.infoLen + 1
	return b.info[off : off+b.metricLen]
}

// Position is chain c's unconstrained position after the block (aliases
// the block): where it stopped, once the run is over.
func (b *Block) Position(c int) []float64 {
	off := c*b.infoLen + b.metricLen + 3
	return b.info[off : off+b.Dim]
}

// Gradients is the number of gradients all chains have evaluated so far,
// initialization and warmup included.
func (b *Block) Gradients() int64 {
	var n int64
	for c := range b.Chains {
		n += int64(b.info[c*b.infoLen+b.metricLen+2])
	}
	return n
}

// Backend is where a run's chain states live between blocks and whose C
// advances them: HostChains, and package cuda's Chains on a GPU. Stream
// and Collect drive a backend; its own Stream and Run call them.
type Backend interface {
	Source() *ChainSource
	// Begin allocates and starts nchains chains (bayes_nuts_begin), from
	// nil or nchains rows of ChainSource.FromLen doubles (BAYES_NUTS_FROM:
	// ChainConfig's AdaptFrom and Inits), which it copies in.
	Begin(nchains int, cfg *CConfig, from []float64) error
	// Advance runs every chain to iteration itEnd (bayes_nuts_advance),
	// filling out.
	Advance(cfg *CConfig, itEnd int, out Output) error
	// End frees the states.
	End() error
}

// Output is where an Advance writes: the sampling rows First ..
// First+Rows-1 of every chain into Draws and Stats (iteration-major, as
// Block's; the slices may be longer than Rows rows), each chain's
// BAYES_NUTS_INFO into Info ([chain][ChainSource.InfoLen]) and its status (0, or a
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
	if err := cfg.check(nchains, src); err != nil {
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
	if err := b.Begin(nchains, &c, cfg.from(nchains, src)); err != nil {
		return err
	}
	nout := max(src.NumOutputs, 1)
	maxRows := max(1, maxBlockValues/(nchains*(nout+NumStats)))
	blk := &Block{Chains: nchains, NumOutputs: src.NumOutputs, Dim: src.Dim, info: make([]float64, nchains*src.InfoLen()),
		metricLen: src.MetricLen(), infoLen: src.InfoLen()}
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
	InvMetric                        []float64 // [chain][MetricLen]: adapted inverse metric (Block.InvMetric)
	MetricLen                        int       // ChainSource.MetricLen
	Position                         []float64 // [chain][Dim]: the unconstrained point where each chain stopped
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
	r := &ChainResult{Chains: nchains, Samples: cfg.Samples, NumOutputs: src.NumOutputs, Dim: src.Dim, MetricLen: src.MetricLen()}
	if nchains > 0 {
		r.Draws = make([]float64, nchains*cfg.Samples*src.NumOutputs)
		r.Stats = make([]float64, nchains*cfg.Samples*NumStats)
		r.Stepsize = make([]float64, nchains)
		r.InvMetric = make([]float64, nchains*r.MetricLen)
		r.Position = make([]float64, nchains*src.Dim)
	}
	err := Stream(context.Background(), b, nchains, cfg, func(blk *Block) error {
		for c := range nchains {
			for i := range blk.Rows {
				copy(r.Draw(c, blk.First+i), blk.Draw(c, i))
				copy(r.Stat(c, blk.First+i), blk.Stat(c, i))
			}
			r.Stepsize[c] = blk.Stepsize(c)
			copy(r.InvMetric[c*r.MetricLen:], blk.InvMetric(c))
			copy(r.Position[c*r.Dim:], blk.Position(c))
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
	6: "the adapted dense inverse metric is not positive definite",
	7: "the dense inverse metric to adapt from (ChainConfig.AdaptFrom) is not positive definite",
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
