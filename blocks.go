package bayes

import (
	"context"

	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/gpu"
	"github.com/bayes-dev/bayes/sampler"
)

// GPUChains is what the gpu package's samplers do: gpu.HostChains, and
// the gpu.DeviceChains of a gpu.Session.
type GPUChains interface {
	Stream(ctx context.Context, nchains int, cfg gpu.ChainConfig, emit func(*gpu.Block) error) error
}

// BlockSampler adapts one of the gpu package's samplers to
// fit.BlockSampler, which fit declares so as not to depend on gpu.
func BlockSampler(s GPUChains) fit.BlockSampler { return gpuSampler{s} }

// gpuSampler is BlockSampler's adapter.
type gpuSampler struct{ s GPUChains }

func (g gpuSampler) Stream(ctx context.Context, cfg sampler.Config, emit func(fit.Block) error) error {
	return g.s.Stream(ctx, cfg.Chains, gpu.ChainConfig{Config: cfg}, func(b *gpu.Block) error { return emit(gpuBlock{b}) })
}

// gpuBlock is a gpu.Block as a fit.Block.
type gpuBlock struct{ b *gpu.Block }

func (g gpuBlock) Iterations() int           { return g.b.Iterations }
func (g gpuBlock) Warmup() bool              { return g.b.Warmup }
func (g gpuBlock) First() int                { return g.b.First }
func (g gpuBlock) Rows() int                 { return g.b.Rows }
func (g gpuBlock) Draw(c, r int) []float64   { return g.b.Draw(c, r) }
func (g gpuBlock) Stepsize(c int) float64    { return g.b.Stepsize(c) }
func (g gpuBlock) InvMetric(c int) []float64 { return g.b.InvMetric(c) }
func (g gpuBlock) Gradients() int64          { return g.b.Gradients() }

// Stats reads the row of gpu.Stat* columns at row First+r of chain c.
func (g gpuBlock) Stats(c, r int) sampler.Stats {
	s := g.b.Stat(c, r)
	return sampler.Stats{LP: s[gpu.StatLP], AcceptStat: s[gpu.StatAcceptStat], Stepsize: s[gpu.StatStepsize],
		Treedepth: int(s[gpu.StatTreedepth]), NLeapfrog: int(s[gpu.StatNLeapfrog]),
		Divergent: s[gpu.StatDivergent] != 0, Energy: s[gpu.StatEnergy]}
}
