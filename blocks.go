package bayes

import (
	"context"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/sampler"
)

// GPUChains is what the C NUTS's backends do: cnuts.HostChains (its C
// built for the CPU), and the cuda.Chains of a cuda.Session (on a GPU).
type GPUChains interface {
	Stream(ctx context.Context, nchains int, cfg cnuts.ChainConfig, emit func(*cnuts.Block) error) error
}

// BlockSampler adapts one of the C NUTS's backends to fit.BlockSampler,
// which fit declares so as not to depend on cnuts.
func BlockSampler(s GPUChains) fit.BlockSampler { return gpuSampler{s} }

// gpuSampler is BlockSampler's adapter.
type gpuSampler struct{ s GPUChains }

func (g gpuSampler) Stream(ctx context.Context, cfg sampler.Config, emit func(fit.Block) error) error {
	return g.s.Stream(ctx, cfg.Chains, cnuts.ChainConfig{Config: cfg}, func(b *cnuts.Block) error { return emit(gpuBlock{b}) })
}

// gpuBlock is a cnuts.Block as a fit.Block.
type gpuBlock struct{ b *cnuts.Block }

func (g gpuBlock) Iterations() int           { return g.b.Iterations }
func (g gpuBlock) Warmup() bool              { return g.b.Warmup }
func (g gpuBlock) First() int                { return g.b.First }
func (g gpuBlock) Rows() int                 { return g.b.Rows }
func (g gpuBlock) Draw(c, r int) []float64   { return g.b.Draw(c, r) }
func (g gpuBlock) Stepsize(c int) float64    { return g.b.Stepsize(c) }
func (g gpuBlock) InvMetric(c int) []float64 { return g.b.InvMetric(c) }
func (g gpuBlock) Position(c int) []float64  { return g.b.Position(c) }
func (g gpuBlock) Gradients() int64          { return g.b.Gradients() }

// Stats reads the row of cnuts.Stat* columns at row First+r of chain c.
func (g gpuBlock) Stats(c, r int) sampler.Stats {
	s := g.b.Stat(c, r)
	return sampler.Stats{LP: s[cnuts.StatLP], AcceptStat: s[cnuts.StatAcceptStat], Stepsize: s[cnuts.StatStepsize],
		Treedepth: int(s[cnuts.StatTreedepth]), NLeapfrog: int(s[cnuts.StatNLeapfrog]),
		Divergent: s[cnuts.StatDivergent] != 0, Energy: s[cnuts.StatEnergy]}
}
