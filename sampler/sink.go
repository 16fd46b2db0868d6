package sampler

// Stats are one transition's sampler statistics, named as Stan names its
// CSV columns.
type Stats struct {
	LP         float64 // lp__: log density at the draw (unconstrained, Jacobian included)
	AcceptStat float64 // accept_stat__: mean of min(1, exp(H0 - H)) over the trajectory's leapfrog steps
	Stepsize   float64 // stepsize__: step size used by the transition
	Treedepth  int     // treedepth__: number of doublings kept
	NLeapfrog  int     // n_leapfrog__: leapfrog steps taken, rejected subtrees included
	Divergent  bool    // divergent__: an energy error above 1000 (or a non-finite density) stopped the trajectory
	Energy     float64 // energy__: Hamiltonian at the draw
}

// Draw is one kept iteration of one chain.
type Draw struct {
	Chain  int  // chain index within the run, 0-based; the global chain id is Config.ChainOffset + Chain
	Iter   int  // iteration, 0-based, counting warmup then sampling: 0 .. Warmup+Samples-1
	Warmup bool // Iter < Config.Warmup
	// Q is the unconstrained position. It is valid only during the call:
	// copy it to keep it.
	Q     []float64
	Stats Stats
}

// Adaptation is what a chain's warmup settled on, for the Stan-CSV header.
type Adaptation struct {
	Stepsize float64
	Metric   Metric
	// InvMetric is M^-1: d diagonal entries for Unit and Diag, the d x d
	// matrix row by row for Dense; for LowRank, the diagonal D of
	// M^-1 = D^1/2 (I + U (Lambda - I) U') D^1/2. It is valid only during
	// the call.
	InvMetric []float64
	// LowRank holds, for LowRank, the directions: for each column u_j of
	// U its eigenvalue lambda_j, then u_j's d entries. It is valid only
	// during the call.
	LowRank []float64
}

// Sink receives a run's output. Any field may be nil.
//
// Calls for one chain come from one goroutine at a time and in order:
// the kept warmup draws, Adapted, then the kept sampling draws. Calls for
// different chains run concurrently, so a Sink that shares state between
// chains must lock it (a per-chain writer needs no lock).
type Sink struct {
	// Draw receives every kept iteration (thinned by Config.Thin, counted
	// separately in warmup and in sampling, as Stan does). d and d.Q are
	// reused: copy what is kept. A non-nil error stops the run and is
	// returned by Run.
	Draw func(d *Draw) error
	// Adapted receives the adapted step size and inverse metric at the end
	// of a chain's warmup; it is not called when Config.Warmup is 0.
	Adapted func(chain int, a *Adaptation) error
	// Progress is told after every iteration, kept or not, where the chain
	// stands. p is the chain's own, reused for every call (no allocation
	// per iteration): copy what is kept. It must be cheap (a few atomic
	// stores, say): it runs on the sampler's hot path.
	Progress func(p *ChainProgress)
	// Regrouped is told of each chain that Config.Regroup moved, when
	// every chain is at the window's end (no chain runs meanwhile).
	Regrouped func(r Regrouping)
	// Final receives where a chain stands after its last iteration, to
	// continue it later (Config.Resume); it is not called for a chain
	// that was stopped or failed. st is the caller's to keep.
	Final func(chain int, st *ChainState) error
}

// ChainProgress is where a chain stands after an iteration, for a live
// view of the run.
type ChainProgress struct {
	Chain  int  // chain index within the run, 0-based
	Done   int  // iterations done of Warmup+Samples, warmup included
	Warmup bool // the last iteration was a warmup iteration
	// Divergences counts the divergent transitions so far in the chain's
	// phase: warmup's during warmup, then sampling's (the ones a summary
	// reports). Stepsize is the last transition's step size.
	Divergences int
	Stepsize    float64
	// Gradients counts the gradient evaluations so far: the leapfrog
	// steps of the transitions (initialization and the first step size
	// search left out). A block sampler that counts only all chains'
	// together reports their mean.
	Gradients int64
	// Lockstep is set by samplers that advance all chains together, block
	// by block (the device samplers): Done is then the same for every
	// chain, and Divergences is 0 in warmup (not reported).
	Lockstep bool
}
