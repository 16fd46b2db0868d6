package bayes

import "github.com/bayes-dev/bayes/sampler"

// AutoAdaptation marks the adaptation settings of a Request that the user
// left to bayes (bayes sample without --adapt, --metric or --warmup).
// Sample settles them once it knows the model's dimension and the device
// (settle): nutpie's adaptation, of a low-rank metric up to
// sampler.LowRankMaxDim unconstrained coordinates and of a diagonal one
// beyond, on the CPU; Stan's on the GPU sampler, which adapts no other.
// BENCHMARKS.md ("Default adaptation") has the posteriordb runs that chose
// this default; Stan's adaptation stays one flag away (--adapt stan).
type AutoAdaptation struct {
	// Adapt: Sampler.Adapt was not chosen. It is AdaptNutpie for a metric
	// nutpie adapts (diag, low-rank, or one left to bayes too) and
	// AdaptStan for the others; the GPU sampler adapts as Stan does.
	Adapt bool
	// Metric: Sampler.Metric was not chosen.
	Metric bool
	// Warmup: Sampler.Warmup was not chosen: the adaptation's own
	// (DefaultWarmup).
	Warmup bool
}

// DefaultWarmup is the number of warmup iterations an adaptation needs by
// default: Stan's 1000, nutpie's 400 for a diagonal metric and 800 for a
// low-rank one (sampler.NutpieWarmup, sampler.NutpieLowRankWarmup).
func DefaultWarmup(adapt sampler.AdaptMethod, metric sampler.Metric) int {
	switch {
	case adapt != sampler.AdaptNutpie:
		return sampler.DefaultConfig().Warmup
	case metric == sampler.LowRank:
		return sampler.NutpieLowRankWarmup
	}
	return sampler.NutpieWarmup
}

// settle fills in cfg what a left to bayes, for a model of dim
// unconstrained coordinates sampled by the GPU sampler (gpu) or by the Go
// sampler.
func (a AutoAdaptation) settle(cfg *sampler.Config, dim int, gpu bool) {
	if a.Adapt {
		nutpies := a.Metric || cfg.Metric == sampler.Diag || cfg.Metric == sampler.LowRank
		cfg.Adapt = sampler.AdaptNutpie
		if !nutpies || gpu && cfg.Metric != sampler.LowRank {
			cfg.Adapt = sampler.AdaptStan
		}
	}
	if a.Metric {
		cfg.Metric = sampler.Diag
		if cfg.Adapt == sampler.AdaptNutpie && dim <= sampler.LowRankMaxDim {
			cfg.Metric = sampler.LowRank
		}
	}
	if a.Warmup {
		cfg.Warmup = DefaultWarmup(cfg.Adapt, cfg.Metric)
	}
}
