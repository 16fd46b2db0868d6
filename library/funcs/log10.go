package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// log10Kernel is the base-10 logarithm, a row of the elementwise table
// (elementwise.go): its value math.Log10 (exact at powers of ten, which
// log(x)/log(10) is not; log10(0) = -Inf, log10(x < 0) = NaN), its
// derivative 1/(x log 10).
var log10Kernel = &library.Kernel{Name: "log10", Args: []library.Domain{library.Positive},
	Value: func(x, _, _, _ float64, _ int) float64 { return math.Log10(x) },
	Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
		return b.Div(adj, b.Mul(b.Arg(n, 0), b.Const(math.Ln10)))
	}, C: `
BAYES_FN bayes_real bayes_log10(bayes_real x)
{
	return BAYES_M(log10)(x);
}`}

func init() { registerKernel(log10Kernel) }
