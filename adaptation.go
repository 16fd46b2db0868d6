package bayes

import "github.com/bayes-dev/bayes/sampler"

// AutoAdaptation marks the adaptation settings of a Request that the user
// left to bayes (bayes sample without --adapt, --metric or --warmup).
// Sample settles them once it knows the model's dimension and the device
// (settle): Stan's windows, with, on the CPU and up to
// sampler.LowRankMaxDim unconstrained coordinates, a low-rank metric that
// each window drawn near the posterior estimates from its draws and
// gradients as nutpie does (sampler's adapter), on the GPU sampler and up
// to GPUDenseMaxDim coordinates Stan's dense one, and a diagonal one
// otherwise, as Stan. Stan's windows bring chains from far starts that
// nutpie's own schedule (--adapt nutpie) leaves stuck more often; the
// low-rank metric follows correlated posteriors. With the low-rank metric
// the first window starts after 25 iterations rather than 75
// (sampler.Config.ShortInitBuffer), and warmup takes 500 iterations
// (sampler.AutoWarmup) rather than 1000. The Go sampler also regroups the
// chains at each window's end (sampler.Config.Regroup): a chain stuck in
// a minor mode continues from the best chain's state. BENCHMARKS.md
// ("posteriordb, per core, beside Stan", "A shorter warmup by default")
// has the runs that chose this default; --adapt stan is Stan's
// adaptation, bit for bit.
type AutoAdaptation struct {
	// Adapt: Sampler.Adapt was not chosen: Stan's windows, and a
	// low-rank metric where Metric is left too.
	Adapt bool
	// Metric: Sampler.Metric was not chosen.
	Metric bool
	// Warmup: Sampler.Warmup was not chosen: the adaptation's own
	// (DefaultWarmup).
	Warmup bool
}

// GPUDenseMaxDim is the most unconstrained coordinates for which the GPU
// sampler adapts a dense metric by default (Stan's dense_e; a diagonal
// one beyond). On posteriordb's 18 posteriors other than diamonds (at
// most 13 coordinates), with Stan's windows on the C build, the dense
// metric gave 2.9-3.1 times the diagonal one's ESS per gradient
// (geometric mean, three seeds) and 2.9 times its ESS per second, none
// failing its reference rule (BENCHMARKS.md, "The GPU sampler's
// adaptation"). Its cost is D^2 multiply-adds per leapfrog step on one
// thread, 15-20% of eight schools' gradient at 10: at 32 it is about a
// thousand, below most models' gradients; the low-rank metric that the
// CPU adapts to 200 coordinates has no GPU version.
const GPUDenseMaxDim = 32

// DefaultWarmup is the number of warmup iterations cfg's adaptation needs
// by default: Stan's 1000, 500 for bayes's shorter initial buffer
// (sampler.AutoWarmup), nutpie's 400 for a diagonal metric and 800 for a
// low-rank one (sampler.NutpieWarmup, sampler.NutpieLowRankWarmup).
func DefaultWarmup(cfg *sampler.Config) int {
	switch {
	case cfg.Adapt == sampler.AdaptNutpie && cfg.Metric == sampler.LowRank:
		return sampler.NutpieLowRankWarmup
	case cfg.Adapt == sampler.AdaptNutpie:
		return sampler.NutpieWarmup
	case cfg.ShortInitBuffer:
		return sampler.AutoWarmup
	}
	return sampler.DefaultConfig().Warmup
}

// settle fills in cfg what a left to bayes, for a model of dim
// unconstrained coordinates sampled by the GPU sampler (gpu) or by the Go
// sampler.
func (a AutoAdaptation) settle(cfg *sampler.Config, dim int, gpu bool) {
	if a.Adapt {
		cfg.Adapt = sampler.AdaptStan
		cfg.Regroup = !gpu
	}
	if a.Metric {
		cfg.Metric = sampler.Diag
		switch {
		case !gpu && dim <= sampler.LowRankMaxDim && (a.Adapt || cfg.Adapt == sampler.AdaptNutpie):
			cfg.Metric = sampler.LowRank
		case gpu && a.Adapt && dim <= GPUDenseMaxDim:
			cfg.Metric = sampler.Dense
		}
	}
	cfg.ShortInitBuffer = a.Adapt && !gpu && cfg.Metric == sampler.LowRank
	if a.Warmup {
		cfg.Warmup = DefaultWarmup(cfg)
	}
}
