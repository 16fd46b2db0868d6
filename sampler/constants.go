package sampler

// The fixed numbers of Stan's NUTS and its adaptation, defined here once:
// this package uses them, package cnuts writes them as the #defines of its
// C sampler (cnuts/nuts_constants.go), and package runfiles writes them in
// the Stan CSV header. Change one here and every implementation follows.
const (
	// MaxDeltaH is the energy error H - H0 beyond which a leapfrog step is
	// called divergent and the trajectory stops (Stan's max_deltaH_; Stan
	// Reference Manual, "Divergent transitions").
	MaxDeltaH = 1000

	// Dual averaging of the step size: regularisation scale gamma,
	// iteration offset t0 and relaxation exponent kappa (Hoffman & Gelman
	// 2014, section 3.2.1; Stan Reference Manual, "Step-size adaptation";
	// CmdStan's adapt gamma, t0 and kappa defaults).
	AdaptGamma = 0.05
	AdaptT0    = 10
	AdaptKappa = 0.75

	// Windowed metric adaptation (Stan Reference Manual, "Automatic
	// parameter tuning"; CmdStan's init_buffer, term_buffer and window).
	AdaptInitBuffer = 75 // fast: step size only, while the chain finds the typical set
	AdaptTermBuffer = 50 // fast: step size only, for the final metric
	AdaptWindow     = 25 // slow: first metric window; each next one doubles
	// AutoInitBuffer is the initial buffer of bayes's default adaptation
	// (Config.ShortInitBuffer): its low-rank metric, estimated from the
	// first window, shortens trajectories from iteration 50 on rather
	// than 100 (BENCHMARKS.md, "A shorter warmup by default").
	AutoInitBuffer = 25
	// AutoWarmup is the warmup of bayes's default adaptation, with
	// AutoInitBuffer: its windows end at 50, 100, 200 and 450.
	AutoWarmup = 500
	// MinWarmupForMetric: below this many warmup iterations Stan estimates
	// no metric at all.
	MinWarmupForMetric = 20
	// When warmup is shorter than AdaptInitBuffer + AdaptWindow +
	// AdaptTermBuffer, the initial and terminal buffers shrink to these
	// fractions of it (truncated) and the one slow window takes the rest
	// (Stan's windowed_adaptation.hpp).
	ShortInitFraction = 0.15
	ShortTermFraction = 0.1

	// Regularisation of an adapted inverse metric: with n draws in the
	// window, M^-1 = n/(n+RegWeight) * Sigma + RegScale * RegWeight/(n+RegWeight) * I
	// (Stan's var_adaptation.hpp and covar_adaptation.hpp).
	RegWeight = 5.0
	RegScale  = 1e-3

	// Bounds of the initial step-size search (Stan's base_hmc::init_stepsize):
	// the step size may not grow past MaxStepsize, and the search stops when
	// one leapfrog step's energy change H0 - H crosses LogAcceptThreshold,
	// log(0.8), whatever adapt_delta is.
	MaxStepsize        = 1e7
	LogAcceptThreshold = -0.2231435513142097 // math.Log(0.8)

	// MaxInitTries is how many random initial points Stan tries before
	// giving up (stan/services/util/initialize.hpp).
	MaxInitTries = 100

	// DefaultMaxTreeDepth is CmdStan's max_depth (Config.MaxTreeDepth's
	// default, and the deepest tree package cnuts's C sampler is built for
	// unless told otherwise).
	DefaultMaxTreeDepth = 10
)
