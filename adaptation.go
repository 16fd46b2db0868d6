package bayes

import "github.com/bayes-dev/bayes/sampler"

// AutoAdaptation marks the adaptation settings of a Request that the user
// left to bayes (bayes sample without --adapt, --metric or --warmup).
// Sample settles them once it knows the model's dimension and the device
// (settle): Stan's windows, with, on the CPU and up to
// sampler.LowRankMaxDim unconstrained coordinates, a low-rank metric that
// each window drawn near the posterior estimates from its draws and
// gradients as nutpie does (sampler's adapter), and a diagonal one
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
		if !gpu && dim <= sampler.LowRankMaxDim && (a.Adapt || cfg.Adapt == sampler.AdaptNutpie) {
			cfg.Metric = sampler.LowRank
		}
	}
	cfg.ShortInitBuffer = a.Adapt && !gpu && cfg.Metric == sampler.LowRank
	if a.Warmup {
		cfg.Warmup = DefaultWarmup(cfg)
	}
}
