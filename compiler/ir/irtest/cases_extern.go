package irtest

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// The finite-difference case of the extern op: a function with a known
// Jacobian, f(x) = (Σ x_i², Σ i·sin x_i), standing for an ODE solve.
func init() {
	Cases[ir.OpExtern] = Case{Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.Extern(testExtern{n: b.ShapeOf(a[0]).Len()}, a[0])
	}}
}

type testExtern struct{ n int }

func (e testExtern) Name() string { return "test_extern" }
func (e testExtern) In() int      { return e.n }
func (e testExtern) Out() int     { return 2 }

func (e testExtern) Eval(x, out []float64) {
	out[0], out[1] = 0, 0
	for i, v := range x {
		out[0] += v * v
		out[1] += float64(i) * math.Sin(v)
		out[2+i] = 2 * v
		out[2+e.n+i] = float64(i) * math.Cos(v)
	}
}
