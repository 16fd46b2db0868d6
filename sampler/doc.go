// Package sampler draws from a differentiable log density with the No-U-Turn
// Sampler exactly as Stan 2.2x does it, adaptation included.
//
// Input: a [Kernel] per chain (dimension, log density and gradient on the
// unconstrained space, Jacobians included) and a [Config]. Output: every
// kept iteration's unconstrained position and per-transition statistics
// (Stan's lp__, accept_stat__, stepsize__, treedepth__, n_leapfrog__,
// divergent__, energy__), and each chain's adapted step size and inverse
// metric, handed to a [Sink]. The package knows nothing of the model
// language: constraining draws is the caller's job.
//
// The pieces follow Stan's and BlackJAX's split, one idea per file:
//
//   - metric.go: unit, diagonal and dense Euclidean metrics (kinetic energy,
//     p_sharp, momentum draws).
//   - integrator.go: the leapfrog integrator.
//   - nuts.go: the multinomial NUTS transition (Hoffman & Gelman 2014;
//     Betancourt 2017, arXiv:1701.02434, appendix A; Stan's base_nuts.hpp).
//   - proposal.go: multinomial and biased progressive sampling of the draw.
//   - termination.go: the generalised no-U-turn criterion with Stan's extra
//     checks across merged subtrees.
//   - stepsize.go: the initial step-size heuristic and dual averaging.
//   - windows.go, welford.go: windowed metric adaptation.
//   - adapt.go: how step size and metric adaptation are combined in warmup.
//   - init.go: initial values and InitError.
//   - config.go, sink.go, warnings.go: what a run is told, what it reports,
//     and Stan's notes about short warmups.
//   - chain.go, run.go: one chain's warmup and sampling; many chains on a
//     worker pool with one random stream per chain.
//   - state.go: where a chain stopped (ChainState, Sink.Final) and how
//     Config.Resume continues it bit for bit.
//   - constants.go: Stan's fixed numbers (max energy error, dual averaging,
//     windows, regularisation), defined once for this package, package
//     cnuts's C sampler and the Stan CSV header.
//   - transition.go: one transition with a given random Source, the seam
//     through which package cnuts's C sampler is checked against this one.
//
// References: M. D. Hoffman and A. Gelman (2014), "The No-U-Turn Sampler",
// JMLR 15:1593-1623; M. Betancourt (2017), "A Conceptual Introduction to
// Hamiltonian Monte Carlo", arXiv:1701.02434; Stan Reference Manual,
// "MCMC Sampling" chapter, sections "HMC algorithm parameters" and
// "Adaptation".
package sampler
