package sampler

import (
	"errors"
	"math"
)

// Errors of the initial step-size search, with Stan's explanations.
var (
	ErrImproperPosterior = errors.New("the initial step-size search grew the step size past 1e7: the posterior is improper, please check the model")
	ErrNoStepsize        = errors.New("no acceptably small step size could be found: perhaps the posterior is not continuous")
)

// initStepsize is Stan's heuristic for a first step size (base_hmc::
// init_stepsize, after Hoffman & Gelman 2014, Algorithm 4): from cur with a
// fresh momentum each time, take one leapfrog step; double the step size
// while the energy change H0 - H stays above log(0.8), or halve it while it
// stays below, and stop at the first crossing. cur is left unchanged.
func (s *nuts) initStepsize() error {
	if s.stepsize == 0 || s.stepsize > MaxStepsize || math.IsNaN(s.stepsize) {
		return nil // Stan skips the search for such step sizes
	}
	direction := -1.0
	if s.trialDeltaH() > LogAcceptThreshold {
		direction = 1
	}
	for {
		dH := s.trialDeltaH()
		if direction == 1 && !(dH > LogAcceptThreshold) || direction == -1 && !(dH < LogAcceptThreshold) {
			return nil
		}
		if direction == 1 {
			s.stepsize *= 2
		} else {
			s.stepsize *= 0.5
		}
		if s.stepsize > MaxStepsize {
			return ErrImproperPosterior
		}
		if s.stepsize == 0 {
			return ErrNoStepsize
		}
	}
}

// trialDeltaH returns H0 - H after one leapfrog step of the current step
// size from cur with a fresh momentum; zFwd serves as scratch.
func (s *nuts) trialDeltaH() float64 {
	z := &s.zFwd
	z.copyFrom(&s.cur)
	s.metric.drawMomentum(z.p, s.rng)
	s.metric.sharp(s.tmp, z.p)
	h0 := hamiltonian(z, s.tmp)
	s.step(z, s.stepsize)
	s.metric.sharp(s.tmp, z.p)
	return h0 - hamiltonian(z, s.tmp)
}

// dualAveraging adapts log(stepsize) by Nesterov's dual averaging so that the
// mean accept_stat__ approaches delta (Hoffman & Gelman 2014, section 3.2.1,
// eq. 6; Stan's stepsize_adaptation.hpp). mu is the point log step sizes are
// shrunk towards: log(10 eps) at the start and after each metric update.
type dualAveraging struct {
	mu, delta           float64
	counter, sBar, xBar float64
}

func (da *dualAveraging) restart() { da.counter, da.sBar, da.xBar = 0, 0, 0 }

// restartAt searches chain s's step size anew, under a metric just
// changed, and restarts the averaging around ten times it, as Stan does
// after each metric window.
func (da *dualAveraging) restartAt(s *nuts) error {
	if err := s.initStepsize(); err != nil {
		return err
	}
	da.mu = math.Log(10 * s.stepsize)
	da.restart()
	return nil
}

// learn folds in one transition's acceptance statistic and returns the next
// step size.
func (da *dualAveraging) learn(acceptStat float64) float64 {
	da.counter++
	acceptStat = min(acceptStat, 1)
	eta := 1 / (da.counter + AdaptT0)
	da.sBar = (1-eta)*da.sBar + eta*(da.delta-acceptStat)
	x := da.mu - da.sBar*math.Sqrt(da.counter)/AdaptGamma
	xEta := math.Pow(da.counter, -AdaptKappa)
	da.xBar = (1-xEta)*da.xBar + xEta*x
	return math.Exp(x)
}

// final is the step size after warmup, exp(x_bar).
func (da *dualAveraging) final() float64 { return math.Exp(da.xBar) }
