package sampler

import (
	"context"
	"fmt"
	"math"
)

// Config sets up a run. Start from DefaultConfig: every field is taken
// literally, zero included.
type Config struct {
	// Context cancels the run: each chain stops after its current
	// iteration. nil means context.Background().
	Context context.Context

	Chains      int    // number of chains in this run (default 4)
	ChainOffset int    // global id of this run's chain 0; chain c draws from stream ChainOffset+c
	Seed        uint64 // seed shared by all chains

	Warmup  int // warmup (adaptation) iterations per chain (default 1000)
	Samples int // sampling iterations per chain (default 1000)
	Thin    int // keep every Thin-th iteration (default 1)

	MaxTreeDepth int     // max_depth (default 10)
	AdaptDelta   float64 // dual-averaging target acceptance statistic, delta (default 0.8)
	Metric       Metric  // Diag (default), Dense, Unit or LowRank (nutpie's estimate; under AdaptStan, Stan's windows')
	// Adapt is how warmup adapts the metric: AdaptStan (default) or
	// AdaptNutpie, for Diag and LowRank.
	Adapt AdaptMethod
	// Regroup, with Stan's windows (AdaptStan), brings the chains of the
	// run together at the end of each metric window: a chain whose
	// window's draws lie in a region of far less posterior mass than the
	// best chain's (a minor mode, or far behind the others) continues
	// warmup from that chain's state (see regroup). Chains then wait for
	// one another at each window's end, so chain c's draws depend on the
	// other chains of the run: ChainOffset no longer splits a run. Runs
	// of one chain, of more than RegroupMaxChains, with AdaptFrom or
	// Resume, or without a metric window have nothing to regroup.
	Regroup bool
	// ShortInitBuffer, with Stan's windows (AdaptStan), starts the first
	// metric window after AutoInitBuffer (25) warmup iterations instead of
	// Stan's AdaptInitBuffer (75), the rest of the schedule as Stan's:
	// bayes's default adaptation on the CPU.
	ShortInitBuffer bool
	// Stepsize is Stan's stepsize (default 1): where the initial step-size
	// search starts, and mu = log(10 Stepsize) of dual averaging. With
	// Warmup 0 nothing adapts and it is used as is.
	Stepsize float64

	// InitRadius is the half-width R of uniform(-R, R) initial values on the
	// unconstrained space (default 2); 0 means all zeros.
	InitRadius float64
	// Inits, when not nil, gives the initial unconstrained point of each
	// chain (len Chains) or of all chains (len 1); each of length Dim. A
	// NaN coordinate is drawn as without Inits (from InitRadius).
	Inits [][]float64
	// Superchains, when not 0, starts the chains in that many groups of
	// Chains/Superchains chains, in order, each group from one initial
	// point: the nested design of Margossian et al. (2023, "Nested
	// R-hat"), whose diagnostic is diagnostics.NestedRhat. Every chain of
	// a superchain takes the initial point its first chain draws (from
	// that chain's stream), then samples from its own stream; the first
	// chains are those of a run without superchains.
	Superchains int

	// Resume, when not nil, continues each chain (len Chains) from the
	// state a run's Sink.Final reported: no initialization and no warmup
	// (Warmup then only numbers the iterations), Samples more sampling
	// iterations, thinned where the saved run's left off. With the same
	// Seed, kernel and settings, the draws are those the saved run would
	// have made next, bit for bit. Metric must be the saved one.
	Resume []ChainState

	// AdaptFrom, when not nil, starts each chain (len Chains, or 1 for
	// all) with a previous run's adaptation: the metric of its Metric,
	// InvMetric and LowRank, kept through warmup, and its Stepsize, from
	// which Warmup iterations adapt the step size alone, as Stan's
	// terminal buffer does (a step-size search, then dual averaging around
	// 10 times it). Metric must be the saved one; Adapt is not used. Its Q,
	// RNG and Iterations are not used: the chains start from their initial
	// values as any run's.
	AdaptFrom []ChainState
}

// DefaultConfig returns CmdStan's defaults (Stan Reference Manual, "HMC
// algorithm parameters"; CmdStan's sample method arguments).
func DefaultConfig() Config {
	return Config{
		Chains:       4,
		Warmup:       1000,
		Samples:      1000,
		Thin:         1,
		MaxTreeDepth: DefaultMaxTreeDepth,
		AdaptDelta:   0.8,
		Metric:       Diag,
		Stepsize:     1,
		InitRadius:   2,
	}
}

// Check reports the first setting that cannot run, naming it; Run calls it.
func (c *Config) Check() error {
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("sampler: %s = %v: %s", name, v, want)
	}
	switch {
	case c.Chains < 1:
		return bad("Chains", c.Chains, "need at least 1 chain")
	case c.ChainOffset < 0:
		return bad("ChainOffset", c.ChainOffset, "must not be negative")
	case c.Warmup < 0:
		return bad("Warmup", c.Warmup, "must not be negative")
	case c.Samples < 0:
		return bad("Samples", c.Samples, "must not be negative")
	case c.Thin < 1:
		return bad("Thin", c.Thin, "must be at least 1")
	case c.MaxTreeDepth < 1:
		return bad("MaxTreeDepth", c.MaxTreeDepth, "must be at least 1")
	case !(c.AdaptDelta > 0 && c.AdaptDelta < 1):
		return bad("AdaptDelta", c.AdaptDelta, "must lie strictly between 0 and 1")
	case c.Metric > LowRank:
		return bad("Metric", c.Metric, "must be Diag, Dense, Unit or LowRank")
	case c.Adapt > AdaptNutpie:
		return bad("Adapt", c.Adapt, "must be AdaptStan or AdaptNutpie")
	case c.AdaptFrom == nil && c.Adapt == AdaptNutpie && c.Metric != Diag && c.Metric != LowRank:
		return bad("Adapt", c.Adapt, fmt.Sprintf("adapts a Diag or LowRank metric, not %s", c.Metric))
	case !(c.Stepsize > 0) || math.IsInf(c.Stepsize, 1):
		return bad("Stepsize", c.Stepsize, "must be positive and finite")
	case !(c.InitRadius >= 0) || math.IsInf(c.InitRadius, 1):
		return bad("InitRadius", c.InitRadius, "must be non-negative and finite")
	case c.Inits != nil && len(c.Inits) != 1 && len(c.Inits) != c.Chains:
		return bad("Inits", fmt.Sprintf("%d vectors", len(c.Inits)), fmt.Sprintf("need 1 or Chains (%d)", c.Chains))
	case c.Superchains < 0 || c.Superchains == 1:
		return bad("Superchains", c.Superchains, "must be 0 (none) or at least 2")
	case c.Superchains > 0 && c.Chains%c.Superchains != 0:
		return bad("Superchains", c.Superchains, fmt.Sprintf("must divide Chains (%d): superchains have equal numbers of chains", c.Chains))
	case c.Superchains > 0 && c.ChainOffset%(c.Chains/c.Superchains) != 0:
		return bad("Superchains", c.Superchains, fmt.Sprintf("with ChainOffset %d: the offset must be a multiple of the chains per superchain (%d)",
			c.ChainOffset, c.Chains/c.Superchains))
	}
	if err := c.checkAdaptFrom(); err != nil {
		return err
	}
	return c.checkResume()
}

// checkAdaptFrom reports the first saved adaptation Run cannot start from.
func (c *Config) checkAdaptFrom() error {
	if c.AdaptFrom == nil {
		return nil
	}
	switch {
	case c.Resume != nil:
		return fmt.Errorf("sampler: Resume continues chains with their own adaptation: it takes no AdaptFrom")
	case len(c.AdaptFrom) != 1 && len(c.AdaptFrom) != c.Chains:
		return fmt.Errorf("sampler: AdaptFrom has %d chain states: need 1 or Chains (%d)", len(c.AdaptFrom), c.Chains)
	}
	for i, st := range c.AdaptFrom {
		if st.Metric != c.Metric {
			return fmt.Errorf("sampler: AdaptFrom: state %d has metric %s, Config.Metric is %s", i+1, st.Metric, c.Metric)
		}
		if !(st.Stepsize > 0) || math.IsInf(st.Stepsize, 1) {
			return fmt.Errorf("sampler: AdaptFrom: state %d has step size %v", i+1, st.Stepsize)
		}
	}
	return nil
}

// adaptFrom is the saved adaptation chain idx starts from, or nil.
func (c *Config) adaptFrom(idx int) *ChainState {
	switch len(c.AdaptFrom) {
	case 0:
		return nil
	case 1:
		return &c.AdaptFrom[0]
	}
	return &c.AdaptFrom[idx]
}

// initStream is the stream chain idx draws its initial point from: its
// own, or with Superchains that of its superchain's first chain.
func (c *Config) initStream(idx int) int {
	g := c.ChainOffset + idx
	if c.Superchains > 0 {
		m := c.Chains / c.Superchains
		g -= g % m
	}
	return g
}

// init returns chain's initial point, or nil for random ones.
func (c *Config) init(chain int) []float64 {
	switch len(c.Inits) {
	case 0:
		return nil
	case 1:
		return c.Inits[0]
	}
	return c.Inits[chain]
}
