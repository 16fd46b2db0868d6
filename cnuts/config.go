package cnuts

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/sampler"
)

// ChainConfig is a device run's settings: the Go sampler's (sampler.Config,
// the same fields with the same meaning and defaults) and how the host
// takes the draws. The device reads Seed, ChainOffset (chain c draws from
// Philox stream ChainOffset + c), Warmup, Samples, MaxTreeDepth,
// AdaptDelta, Adapt (nutpie's for Diag), Stepsize, InitRadius, Inits and
// AdaptFrom; the run's chains are the nchains of Run and Stream, its
// context theirs. Blocks hold every sampling draw (a caller that thins, as
// fit.RunBlocks does, drops rows) and no warmup draw. The metric must be the source's (ChainOptions.Metric:
// Diag, or Dense, Stan's dense_e, adapted as the Go sampler adapts it).
// Without Inits the device draws its own initial values (one per
// superchain with Superchains, as the Go sampler draws them); with them,
// their NaN coordinates. With AdaptFrom a chain starts from the saved step
// size and inverse metric, keeps the metric and adapts the step size
// alone, as the Go sampler does; both reach the C as a row per chain
// (BAYES_NUTS_FROM) that the backend copies in at Begin.
//
// The metric windows are the Go sampler's (sampler.Config.MetricWindows:
// none with AdaptFrom), carried to the C in CConfig.
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

// CConfig is bayes_nuts_config, field for field: 8 + 4*4 + 3*8 + 4 +
// 3*4 + MaxWindows*4 + 5*4 + MaxNutpieWindows*4 = 384 bytes, which C lays
// out with no padding. Stream fills it from a ChainConfig and hands a
// Backend a pointer to it, which the backend passes to the C; its fields
// are the C's. The schedules of metric adaptation, Stan's (metricStart ..
// windowEnds) and nutpie's (nutpieEarly .. nutpieSizes, with adaptNutpie),
// are package sampler's MetricWindows and NutpieWindows, so that the C
// sampler does not define them a second time.
type CConfig struct {
	seed                                         uint64
	chainOffset, numWarmup, numSamples, maxDepth int32
	adaptDelta, stepsize, initRadius             float64
	superchainSize                               int32
	metricStart, metricStop, numWindows          int32
	windowEnds                                   [MaxWindows]int32

	adaptNutpie, nutpieEarly, nutpieEarlyEnd, nutpieFinalStart, nutpieNumSizes int32
	nutpieSizes                                                                [MaxNutpieWindows]int32
}

// MaxWindows is the most metric windows CConfig holds
// (BAYES_NUTS_MAX_WINDOWS): the windows double, so 2^30 warmup iterations,
// the most a device run takes, have 25.
const MaxWindows = 32

// MaxNutpieWindows is the most window lengths of nutpie's schedule CConfig
// holds (BAYES_NUTS_MAX_NUTPIE_WINDOWS): they grow by 1.5 from 80, so
// 2^30 warmup iterations list 43 (sampler.NutpieWindows).
const MaxNutpieWindows = 43

// check refuses what the Go sampler would refuse (sampler.Config.Check,
// for a run of nchains chains, and its chains' checks of Inits and
// AdaptFrom), then what the device cannot run: counts past its 32-bit
// integers, a tree deeper than the source's MaxDepth, a metric other than
// the source's.
func (c *ChainConfig) check(nchains int, src *ChainSource) error {
	maxDepth := src.MaxDepth
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
	case c.Metric != sampler.Diag && c.Metric != sampler.Dense:
		return bad("Metric", c.Metric, "the device sampler adapts a diagonal or a dense metric (diag_e, dense_e)")
	case c.Adapt == sampler.AdaptNutpie && c.AdaptFrom == nil && c.Metric != sampler.Diag:
		return bad("Adapt", c.Adapt, fmt.Sprintf("the device sampler adapts the diagonal metric as nutpie does, not %s", c.Metric))
	case c.Metric != src.Metric:
		return bad("Metric", c.Metric, fmt.Sprintf("this source was built for %s (ChainOptions.Metric)", src.Metric))
	case c.MaxBlock < 0:
		return bad("MaxBlock", c.MaxBlock, "must be 0 (sized by pace) or positive")
	}
	for i, init := range c.Inits {
		if len(init) != src.Dim {
			return bad(fmt.Sprintf("Inits[%d]", i), fmt.Sprintf("%d coordinates", len(init)), fmt.Sprintf("the model has %d unconstrained coordinates", src.Dim))
		}
	}
	for i, st := range c.AdaptFrom {
		if len(st.InvMetric) != src.MetricLen() {
			return bad(fmt.Sprintf("AdaptFrom[%d].InvMetric", i), fmt.Sprintf("%d entries", len(st.InvMetric)),
				fmt.Sprintf("the %s metric of %d coordinates has %d", c.Metric, src.Dim, src.MetricLen()))
		}
		for k, v := range st.InvMetric {
			if c.Metric == sampler.Diag && (!(v > 0) || math.IsInf(v, 1)) || math.IsNaN(v) || math.IsInf(v, 0) {
				return bad(fmt.Sprintf("AdaptFrom[%d].InvMetric[%d]", i, k), v, "must be finite (and, on the diagonal metric, positive)")
			}
		}
	}
	return nil
}

// from is the rows of BAYES_NUTS_FROM that Begin copies to the C, one per
// chain (ChainSource.FromLen: the step size, the inverse metric, the
// initial point), or nil when no chain starts from a given adaptation or
// point. Chain c takes AdaptFrom's and Inits' c-th entry, or their only
// one.
func (c *ChainConfig) from(nchains int, src *ChainSource) []float64 {
	if c.AdaptFrom == nil && c.Inits == nil {
		return nil
	}
	n, ml := src.FromLen(), src.MetricLen()
	from := make([]float64, nchains*n)
	pick := func(k, ch int) int { return min(ch, k-1) } // chain ch's of k entries (1 or nchains)
	for ch := range nchains {
		row := from[ch*n : (ch+1)*n]
		if k := len(c.AdaptFrom); k > 0 {
			st := &c.AdaptFrom[pick(k, ch)]
			row[0] = st.Stepsize
			copy(row[1:1+ml], st.InvMetric)
		}
		q := row[1+ml:]
		if k := len(c.Inits); k > 0 {
			copy(q, c.Inits[pick(k, ch)])
		} else {
			for i := range q {
				q[i] = math.NaN()
			}
		}
	}
	return from
}

// toC is the C's config of a checked ChainConfig (at most 2^30 warmup
// iterations, so at most MaxWindows windows and MaxNutpieWindows window
// lengths).
func (c *ChainConfig) toC() CConfig {
	cc := CConfig{seed: c.Seed, chainOffset: int32(c.ChainOffset), numWarmup: int32(c.Warmup), numSamples: int32(c.Samples),
		maxDepth: int32(c.MaxTreeDepth), adaptDelta: c.AdaptDelta, stepsize: c.Stepsize, initRadius: c.InitRadius}
	start, stop, ends := c.MetricWindows()
	cc.metricStart, cc.metricStop, cc.numWindows = int32(start), int32(stop), int32(len(ends))
	for k, e := range ends {
		cc.windowEnds[k] = int32(e)
	}
	if c.Adapt == sampler.AdaptNutpie && c.AdaptFrom == nil { // a saved adaptation adapts the step size alone
		s := sampler.NutpieWindows(c.Warmup)
		cc.adaptNutpie, cc.nutpieEarly, cc.nutpieEarlyEnd, cc.nutpieFinalStart = 1, int32(s.Early), int32(s.EarlyEnd), int32(s.FinalStart)
		cc.nutpieNumSizes = int32(len(s.Sizes))
		for k, n := range s.Sizes {
			cc.nutpieSizes[k] = int32(n)
		}
	}
	return cc
}
