package compiler

import (
	"fmt"
	"strconv"
)

// InitPoint is the unconstrained point of user-given initial values, as
// CmdStan reads an init file: values holds constrained values by parameter
// name, each flattened row-major as in a JSON data file, and may leave
// parameters out. Their coordinates are NaN, which the sampler draws as it
// draws a random initial point (sampler.Config.Inits). A value on the
// boundary of its constraint, or outside it, is an error naming the
// element, since it maps to an infinite point.
func (m *Model) InitPoint(values map[string][]float64) ([]float64, error) {
	q := make([]float64, m.dim)
	if err := m.unconstrain(q, values, true); err != nil {
		return nil, err
	}
	return q, nil
}

// initBoundError says why an initial value of a bounded element has no
// finite unconstrained point: it lies on a bound or beyond it.
func initBoundError(name string, x, lo, hi float64, hasLo, hasHi bool) error {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	want := ""
	switch {
	case hasLo && hasHi:
		want = fmt.Sprintf("lie strictly between its bounds %s and %s", num(lo), num(hi))
	case hasLo:
		want = "be greater than its lower bound " + num(lo)
	default:
		want = "be less than its upper bound " + num(hi)
	}
	return fmt.Errorf("%s is %s, but an initial value must %s (a bound itself maps to infinity on the unconstrained space)", name, num(x), want)
}
