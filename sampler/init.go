package sampler

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// InitError says that no initial point with a finite log density and
// gradient was found, and what was wrong at the last attempt.
type InitError struct {
	Chain    int     // the chain's number as messages count it: 1-based, after Config.ChainOffset
	Attempts int     // points tried
	Radius   float64 // half-width of the uniform draws; unused when UserInit
	UserInit bool    // the point came from Config.Inits
	Partial  bool    // with UserInit: some coordinates were drawn (NaN in Config.Inits)
	// At the last attempt: the log density, and when it was finite the
	// first gradient coordinate that was not (GradCoord, 0-based, with its
	// value); GradCoord is -1 when the log density itself was not finite.
	LogDensity float64
	GradCoord  int
	GradValue  float64
	// Point is the last point tried, on the unconstrained space, for a
	// caller that knows the model to say which of its terms was not
	// finite there; Term is what it says ("`y ~ normal(mu, sigma)` at
	// model.bym:9:3 is NaN"), "" until then.
	Point []float64
	Term  string
}

func (e *InitError) Error() string {
	how := fmt.Sprintf("drawing uniform(-%s, %s) on the unconstrained space", fmtNum(e.Radius), fmtNum(e.Radius))
	switch {
	case e.UserInit && e.Partial:
		how = fmt.Sprintf("at the given initial values, the others drawn uniform(-%s, %s) on the unconstrained space", fmtNum(e.Radius), fmtNum(e.Radius))
	case e.UserInit:
		how = "at the given initial values"
	case e.Radius == 0:
		how = "at zero on the unconstrained space"
	}
	what := fmt.Sprintf("the log density was %s", fmtNum(e.LogDensity))
	if e.Term != "" {
		what += ": " + e.Term
	}
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
// and gradient. A NaN coordinate of a given point is drawn like the
// coordinates of a random one (CmdStan's partial inits: the parameters an
// init file leaves out). A point with nothing to draw is tried once; random
// points up to 100 times (Stan Reference Manual, "Initialization").
func (s *nuts) initialize(chain int, init []float64, radius float64) error {
	z := &s.cur
	partial := init != nil && slices.ContainsFunc(init, math.IsNaN)
	tries := MaxInitTries
	if init != nil && !partial || radius == 0 {
		tries = 1
	}
	e := &InitError{Chain: chain, Attempts: tries, Radius: radius, UserInit: init != nil, Partial: partial}
	for range tries {
		for i := range z.q {
			switch {
			case init != nil && !math.IsNaN(init[i]):
				z.q[i] = init[i]
			case radius == 0:
				z.q[i] = 0
			default:
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
	e.Point = slices.Clone(z.q)
	return e
}

func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }
