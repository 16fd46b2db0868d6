package sampler

import (
	"fmt"
	"math"
	"strconv"
)

// InitError says that no initial point with a finite log density and
// gradient was found, and what was wrong at the last attempt.
type InitError struct {
	Chain    int     // the chain's number as messages count it: 1-based, after Config.ChainOffset
	Attempts int     // points tried
	Radius   float64 // half-width of the uniform draws; unused when UserInit
	UserInit bool    // the point came from Config.Inits
	// At the last attempt: the log density, and when it was finite the
	// first gradient coordinate that was not (GradCoord, 0-based, with its
	// value); GradCoord is -1 when the log density itself was not finite.
	LogDensity float64
	GradCoord  int
	GradValue  float64
}

func (e *InitError) Error() string {
	how := fmt.Sprintf("drawing uniform(-%s, %s) on the unconstrained space", fmtNum(e.Radius), fmtNum(e.Radius))
	switch {
	case e.UserInit:
		how = "at the given initial values"
	case e.Radius == 0:
		how = "at zero on the unconstrained space"
	}
	what := fmt.Sprintf("the log density was %s", fmtNum(e.LogDensity))
	if e.GradCoord >= 0 {
		what = fmt.Sprintf("the log density was finite (%s) but its gradient was %s in unconstrained coordinate %d (0-based)",
			fmtNum(e.LogDensity), fmtNum(e.GradValue), e.GradCoord)
	}
	return fmt.Sprintf("chain %d: initialization failed after %d %s %s; at the last point tried %s. "+
		"Try specifying initial values, reducing ranges of constrained values, or reparameterizing the model",
		e.Chain, e.Attempts, plural(e.Attempts, "attempt", "attempts"), how, what)
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// initialize finds cur's starting point as Stan does: the given point if
// any, otherwise uniform(-radius, radius) in each unconstrained coordinate
// (all zeros for radius 0), accepting the first with a finite log density
// and gradient. A given point or radius 0 is tried once; random points up to
// 100 times (Stan Reference Manual, "Initialization").
func (s *nuts) initialize(chain int, init []float64, radius float64) error {
	z := &s.cur
	tries := MaxInitTries
	if init != nil || radius == 0 {
		tries = 1
	}
	e := &InitError{Chain: chain, Attempts: tries, Radius: radius, UserInit: init != nil}
	for range tries {
		switch {
		case init != nil:
			copy(z.q, init)
		case radius == 0:
			clear(z.q)
		default:
			for i := range z.q {
				z.q[i] = radius * (2*s.rng.Float64() - 1)
			}
		}
		z.logp = s.k.LogDensityGrad(z.grad, z.q)
		e.LogDensity, e.GradCoord, e.GradValue = z.logp, -1, 0
		if !finite(z.logp) {
			continue
		}
		for i, g := range z.grad {
			if !finite(g) {
				e.GradCoord, e.GradValue = i, g
				break
			}
		}
		if e.GradCoord < 0 {
			return nil
		}
	}
	return e
}

func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }
