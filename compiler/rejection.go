package compiler

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// boundCheck is one declared bound of a transformed parameter, which Stan
// checks at the end of the transformed parameters block: a value outside
// it rejects the point, here a log density of -Inf (checkBounds).
type boundCheck struct {
	name  string
	dims  []int
	lower bool     // a lower bound; else an upper one
	value ir.Value // the variable, all elements row-major
	bound ir.Value // the bound: one value, or one per element
}

// Rejection says why the log density at the unconstrained q is -Inf when a
// transformed parameter is outside its declared bound, as Stan's message
// does: reason names the variable and the bound ("the transformed
// parameter sigma is below its lower bound"), example the first element
// out of bounds with its value ("sigma[2] is -0.31, but must be greater
// than or equal to 0"). Both are empty when every bound holds. It runs
// only after a rejection, so it allocates its state on first use.
func (k *ModelKernel) Rejection(q []float64) (reason, example string) {
	m := k.m
	if len(m.checks) == 0 {
		return "", ""
	}
	if k.checks == nil {
		k.checks = m.checkOut.NewState()
	}
	k.checks.Run(q)
	for _, c := range m.checks {
		vs, bs := k.checks.Slots[c.value], k.checks.Slots[c.bound]
		for i, v := range vs {
			b := bs[min(i, len(bs)-1)]
			if c.lower && v < b || !c.lower && v > b {
				where, side, rel := "above", "upper", "less than or equal to"
				if c.lower {
					where, side, rel = "below", "lower", "greater than or equal to"
				}
				reason = fmt.Sprintf("the transformed parameter %s is %s its declared %s bound", c.name, where, side)
				example = fmt.Sprintf("%s is %s, but must be %s %s", elementName(c.name, c.dims, i), fmtValue(v), rel, fmtValue(b))
				return reason, example
			}
		}
	}
	return "", ""
}

// elementName is the Stan name of the element at row-major offset i of a
// variable of shape dims: "sigma", "sigma[2]", "Omega[1,2]".
func elementName(name string, dims []int, i int) string {
	if len(dims) == 0 {
		return name
	}
	idx := make([]string, len(dims))
	for d := len(dims) - 1; d >= 0; d-- {
		idx[d] = strconv.Itoa(i%dims[d] + 1)
		i /= dims[d]
	}
	return name + "[" + strings.Join(idx, ",") + "]"
}

// fmtValue prints a value to 6 significant digits, as Stan's messages do.
func fmtValue(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
