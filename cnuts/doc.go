// Package cnuts is the NUTS sampler in C: the Go sampler's algorithm
// (package sampler: the same transitions, adaptation and initialization,
// its constants written as #defines by nuts_constants.go, its schedule of
// metric windows passed in each run's config) for whole runs, warmup
// included, with no host round trip per leapfrog step.
//
// Input: a compiled model (compiler.Model), whose C (package emit) it
// prefixes to nuts.h, sized for the model, as one translation unit
// (NewChainSource), and a run's settings (ChainConfig). Output: blocks of
// draws and sampler statistics (Stream) or a whole run (Run), from a
// Backend that runs the C: HostChains, the source built by the system C
// compiler (cc) for the CPU (`bayes sample --device c`, and the tests),
// or package cuda's Chains, the same source compiled by NVRTC for an
// NVIDIA GPU (`--device cuda`). nuts.h is device-neutral C that is also
// CUDA: its kernels exist under __CUDACC__, its plain-C entry points
// otherwise.
//
// A source runs its chains in one of two regimes (Regime): RegimeChains,
// one thread per chain, for many chains of a small model; and RegimeData,
// a group of threads per chain sharing each gradient (a thread block on
// the GPU, POSIX threads in the C build), for few chains of a model with
// much data.
//
// A source adapts a diagonal metric (Stan's diag_e) or, built with
// ChainOptions.Metric Dense, a dense one (dense_e, for at most DenseMaxDim
// parameters): the choice is made at compile time, so that a diagonal
// chain's state holds no Dim x Dim matrix. A diagonal source also adapts
// as nutpie does (ChainConfig.Adapt AdaptNutpie, chosen per run: its state
// is two windows' sums of positions and gradients, 8 Dim doubles, small
// beside a chain's tree), on package sampler's schedule
// (sampler.NutpieWindows) carried in CConfig. A run may instead start each
// chain from a saved step size and metric (ChainConfig.AdaptFrom, bayes
// sample's --adapt-from), keep the metric and adapt the step size alone,
// and from given initial points (Inits: where the saved run's chains
// stopped, which each block's info row hands back, Block.Position); they
// reach the C as a row per chain that the backend copies in at Begin
// (BAYES_NUTS_FROM). The tests check the C against
// the Go sampler transition by transition (transition_test.go, and
// dense_test.go for the dense metric and its window estimate) and against
// reference posteriors.
//
// Files:
//   - nuts.h: the sampler in C (the RNG, the state, the transition, Stan's
//     window estimate); nuts_constants.go: its constants, package
//     sampler's, as #defines; dense.h: the dense metric's linear algebra
//     (its Cholesky factor, the momentum draw, M^-1 p, Welford's
//     covariance), put before nuts.h in a dense source; nutpie.h: nutpie's
//     adaptation of the diagonal metric, after nuts.h in a diagonal
//     source; chain.h: a chain's run (its adaptation after each warmup
//     transition, its start, its blocks of iterations); entry.h: the entry
//     points after it (the CUDA kernels, the host build's functions).
//   - source.go: a model's ChainSource (its C, the group header of
//     RegimeData, nuts.h, entry.h, the sizes).
//   - config.go: a run's settings (ChainConfig) and their C struct
//     (CConfig), the metric windows among them (sampler.Config.MetricWindows).
//   - chains.go: a run as blocks of iterations (Backend, Stream, Block) or
//     whole (Collect, ChainResult), and a chain's failure in words.
//   - host.go: HostChains, the source built with cc and loaded with purego.
package cnuts
