package bayes

import (
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestAutoAdaptation: what bayes chooses where the user chose nothing, or
// only some of the adaptation, by the model's dimension and the sampler.
func TestAutoAdaptation(t *testing.T) {
	all := AutoAdaptation{Adapt: true, Metric: true, Warmup: true}
	for _, tt := range []struct {
		name   string
		auto   AutoAdaptation
		given  sampler.Config // Adapt, Metric and Warmup as given
		dim    int
		gpu    bool
		adapt  sampler.AdaptMethod
		metric sampler.Metric
		warmup int
		// regroup: the Go sampler regroups chains (under --adapt auto only)
		regroup bool
		// short: the first metric window after 25 iterations (with the
		// low-rank metric under --adapt auto on the CPU only)
		short bool
	}{
		{"default", all, sampler.Config{}, 10, false, sampler.AdaptStan, sampler.LowRank, 500, true, true},
		{"default at the bound", all, sampler.Config{}, sampler.LowRankMaxDim, false, sampler.AdaptStan, sampler.LowRank, 500, true, true},
		{"default beyond it", all, sampler.Config{}, sampler.LowRankMaxDim + 1, false, sampler.AdaptStan, sampler.Diag, 1000, true, false},
		{"default on the GPU", all, sampler.Config{}, 10, true, sampler.AdaptStan, sampler.Dense, 1000, false, false},
		{"default on the GPU at the bound", all, sampler.Config{}, GPUDenseMaxDim, true, sampler.AdaptStan, sampler.Dense, 1000, false, false},
		{"default on the GPU beyond it", all, sampler.Config{}, GPUDenseMaxDim + 1, true, sampler.AdaptStan, sampler.Diag, 1000, false, false},
		{"stan given on the GPU", AutoAdaptation{Metric: true, Warmup: true}, sampler.Config{Adapt: sampler.AdaptStan}, 10, true, sampler.AdaptStan, sampler.Diag, 1000, false, false},
		{"nutpie given on the GPU", AutoAdaptation{Metric: true, Warmup: true}, sampler.Config{Adapt: sampler.AdaptNutpie}, 10, true, sampler.AdaptNutpie, sampler.Diag, 400, false, false},
		{"warmup given", AutoAdaptation{Adapt: true, Metric: true}, sampler.Config{Warmup: 250}, 10, false, sampler.AdaptStan, sampler.LowRank, 250, true, true},
		{"stan given", AutoAdaptation{Metric: true, Warmup: true}, sampler.Config{Adapt: sampler.AdaptStan}, 10, false, sampler.AdaptStan, sampler.Diag, 1000, false, false},
		{"nutpie given", AutoAdaptation{Metric: true, Warmup: true}, sampler.Config{Adapt: sampler.AdaptNutpie}, 10, false, sampler.AdaptNutpie, sampler.LowRank, 800, false, false},
		{"nutpie given beyond the bound", AutoAdaptation{Metric: true, Warmup: true}, sampler.Config{Adapt: sampler.AdaptNutpie}, sampler.LowRankMaxDim + 1, false, sampler.AdaptNutpie, sampler.Diag, 400, false, false},
		{"diag given", AutoAdaptation{Adapt: true, Warmup: true}, sampler.Config{Metric: sampler.Diag}, 10, false, sampler.AdaptStan, sampler.Diag, 1000, true, false},
		{"dense given", AutoAdaptation{Adapt: true, Warmup: true}, sampler.Config{Metric: sampler.Dense}, 10, false, sampler.AdaptStan, sampler.Dense, 1000, true, false},
		{"low-rank given on the GPU", AutoAdaptation{Adapt: true, Warmup: true}, sampler.Config{Metric: sampler.LowRank}, 10, true, sampler.AdaptStan, sampler.LowRank, 1000, false, false},
		{"low-rank given", AutoAdaptation{Adapt: true, Warmup: true}, sampler.Config{Metric: sampler.LowRank}, 10, false, sampler.AdaptStan, sampler.LowRank, 500, true, true},
		{"nothing left", AutoAdaptation{}, sampler.Config{Adapt: sampler.AdaptStan, Metric: sampler.Unit, Warmup: 7}, 10, false, sampler.AdaptStan, sampler.Unit, 7, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.given
			tt.auto.settle(&cfg, tt.dim, tt.gpu)
			if cfg.Adapt != tt.adapt || cfg.Metric != tt.metric || cfg.Warmup != tt.warmup || cfg.Regroup != tt.regroup || cfg.ShortInitBuffer != tt.short {
				t.Errorf("settled to %v %v, warmup %d, regroup %v, short initial buffer %v; want %v %v, warmup %d, regroup %v, short %v",
					cfg.Adapt, cfg.Metric, cfg.Warmup, cfg.Regroup, cfg.ShortInitBuffer, tt.adapt, tt.metric, tt.warmup, tt.regroup, tt.short)
			}
		})
	}
}
