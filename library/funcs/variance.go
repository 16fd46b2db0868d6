package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Mean is the arithmetic mean Σ x_i / n (Stan's mean), summed in order.
func Mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// Variance is the sample variance Σ (x_i - mean)² / (n - 1) (Stan's
// variance, R's var), in two passes so that a large common offset costs no
// accuracy; one value gives NaN (0/0). It has no C body: no op computes it
// on a device.
func Variance(x []float64) float64 {
	m, s := Mean(x), 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s / float64(len(x)-1)
}

// variance(x) is Variance of x's elements (Stan Functions Reference,
// "Dispersion functions"): the two passes over x, each a sum.
var variance = &library.Func{
	Name:      "variance",
	Doc:       "the sample variance of the elements",
	Overloads: reductions(library.TypeReal),
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return varianceOf(o, a[0]) },
}

func init() { registerFunc(variance) }

// varianceOf is Σ (x_i - mean)² / (n - 1), for n of 2 or more.
func varianceOf(o library.Tensors, x library.Value) library.Value {
	n := library.NumElems(o.Dims(x))
	if n < 2 {
		o.Fail("variance needs at least 2 elements, found %d", n)
	}
	m := o.Div(o.Sum(x), o.Const(float64(n)))
	return o.Div(o.Sum(o.Square(o.Sub(x, m))), o.Const(float64(n-1)))
}
