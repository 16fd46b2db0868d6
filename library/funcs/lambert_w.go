package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// lambertW0Kernel and lambertWm1Kernel are lambert_w0(x) and
// lambert_wm1(x), the branches of the Lambert W function (Stan Functions
// Reference, "Composed functions"), rows of the elementwise table: values
// library.LambertW0 and LambertWm1, derivative W'(x) = 1/(e^W (1 + W))
// (Corless et al. 1996, eq. 3.2), which is finite at x = 0; at the branch
// point -1/e it is infinite. W₋₁'s kernel takes p = -e x in [0, 1], its
// whole domain as a probability, and divides by -e again, so that its
// partial is checked at points away from x = 0, where W₋₁ falls like
// log(-x), and from the branch point; the row calls it at -e x.
var (
	lambertW0Kernel = &library.Kernel{Name: "lambert_w0", Args: []library.Domain{library.Finite},
		Value: func(x, _, _, _ float64, _ int) float64 { return library.LambertW0(x) },
		Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
			return b.Div(adj, b.Mul(b.Exp(n), b.Add(b.Const(1), n)))
		}, C: `
BAYES_FN bayes_real bayes_lambert_w0(bayes_real x)
{
	return bayes_lambert_w(x, 0);
}`}
	lambertWm1Kernel = &library.Kernel{Name: "lambert_wm1", Args: []library.Domain{library.Probability},
		Value: func(p, _, _, _ float64, _ int) float64 { return library.LambertWm1(-p / math.E) },
		// dW₋₁(-p/e)/dp = -1/(e e^W (1 + W))
		Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
			return b.Div(adj, b.Mul(b.Const(-math.E), b.Mul(b.Exp(n), b.Add(b.Const(1), n))))
		}, C: `
BAYES_FN bayes_real bayes_lambert_wm1(bayes_real p)
{
	return bayes_lambert_w(-p / BAYES_R(2.718281828459045), 1);
}`}
)

// lambertWm1 is the row of lambert_wm1: its kernel at p = -e x.
func lambertWm1(o library.Tensors, x library.Value) library.Value {
	return o.Call(lambertWm1Kernel, o.Mul(o.Const(-math.E), x))
}

func init() {
	registerKernel(lambertW0Kernel)
	registerKernel(lambertWm1Kernel)
}
