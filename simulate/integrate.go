package simulate

import (
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/quad"
)

// callIntegrate evaluates integrate_1d: package quad, which the compiled
// model uses too, with the user's f run by this interpreter.
func (m *machine) callIntegrate(c *lang.CallExpr, h *lang.Higher, args []*Value) (*Value, error) {
	a, b := args[1].toReal().Reals[0], args[2].toReal().Reals[0]
	rtol := h.Tol1
	if at := h.Controls(len(c.Args)); at >= 0 {
		rtol = args[at].toReal().Reals[0]
	}
	theta := args[3].toReal()
	var failure error
	r, err := quad.Integrate(func(x, xc float64, out []float64) {
		if failure != nil {
			out[0] = 0
			return
		}
		v, err := m.invoke(c, c.FnArg, []*Value{realValue(x), realValue(xc), theta, args[4].toReal(), args[5]})
		if err != nil {
			failure = err
			out[0] = 0
			return
		}
		out[0] = v.Reals[0]
	}, 1, a, b, rtol)
	if failure != nil {
		return nil, failure
	}
	if err != nil {
		return nil, errAt(c, "%s: %v", c.Name, err)
	}
	return realValue(r[0]), nil
}
