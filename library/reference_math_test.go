package library

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// The reference rows of the elementwise functions, the scalar functions of
// several arguments and the reductions: each value from a closed form
// written another way than the formula (exp x as e^x, logit x as log x -
// log1p(-x), tan as sin/cos) or from gonum, at arguments drawn in the
// function's domain.

// elementwiseReference is one elementwise function's scalar reference and
// the interval its arguments are drawn from.
type elementwiseReference struct {
	f      func(float64) float64
	lo, hi float64
}

var elementwiseReferences = map[string]elementwiseReference{
	"exp":             {func(x float64) float64 { return math.Pow(math.E, x) }, -2, 2},
	"log":             {func(x float64) float64 { return math.Log2(x) * Ln2 }, 0.1, 3},
	"log1p":           {func(x float64) float64 { return math.Log(1 + x) }, 0.1, 3},
	"expm1":           {func(x float64) float64 { return math.Exp(x) - 1 }, -2, 2},
	"sqrt":            {func(x float64) float64 { return math.Pow(x, 0.5) }, 0.1, 3},
	"square":          {func(x float64) float64 { return math.Pow(x, 2) }, -2, 2},
	"inv":             {func(x float64) float64 { return math.Pow(x, -1) }, 0.1, 3},
	"inv_sqrt":        {func(x float64) float64 { return math.Pow(x, -0.5) }, 0.1, 3},
	"fabs":            {func(x float64) float64 { return math.Sqrt(x * x) }, -2, 2},
	"inv_logit":       {func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, -2, 2},
	"logit":           {func(x float64) float64 { return math.Log(x) - math.Log1p(-x) }, 0.05, 0.95},
	"log_inv_logit":   {func(x float64) float64 { return -math.Log1p(math.Exp(-x)) }, -2, 2},
	"log1m_inv_logit": {func(x float64) float64 { return -math.Log1p(math.Exp(x)) }, -2, 2},
	"log1m":           {func(x float64) float64 { return math.Log(1 - x) }, -0.9, 0.9},
	"log1m_exp":       {func(x float64) float64 { return math.Log(-math.Expm1(x)) }, -3, -0.1},
	"lgamma":          {func(x float64) float64 { l, _ := math.Lgamma(x); return l }, 0.1, 3},
	"digamma":         {mathext.Digamma, 0.1, 3},
	"Phi":             {distuv.UnitNormal.CDF, -2, 2},
	"Phi_approx":      {func(x float64) float64 { return 1 / (1 + math.Exp(-(0.07056*math.Pow(x, 3) + 1.5976*x))) }, -2, 2},
	"erf":             {func(x float64) float64 { return 1 - math.Erfc(x) }, -2, 2},
	"erfc":            {func(x float64) float64 { return 1 - math.Erf(x) }, -2, 2},
	"sin":             {func(x float64) float64 { return math.Cos(x - math.Pi/2) }, -2, 2},
	"cos":             {func(x float64) float64 { return math.Sin(x + math.Pi/2) }, -2, 2},
	"tan":             {func(x float64) float64 { return math.Sin(x) / math.Cos(x) }, -1, 1},
	"atan":            {func(x float64) float64 { return math.Asin(x / math.Sqrt(1+x*x)) }, -2, 2},
	"tanh":            {func(x float64) float64 { return math.Expm1(2*x) / (math.Exp(2*x) + 1) }, -2, 2},
	"floor":           {func(x float64) float64 { return x - math.Mod(x+10, 1) }, -2, 2},
	"ceil":            {func(x float64) float64 { return -math.Floor(-x) }, -2, 2},
	"round":           {func(x float64) float64 { return math.Copysign(math.Floor(math.Abs(x)+0.5), x) }, -2, 2},
	"abs":             {math.Abs, -2, 2},
}

// randShape draws the dimensions of an argument of an elementwise function:
// a scalar, a vector, a matrix or an array of vectors.
func randShape(r *rand.Rand) []int {
	switch r.IntN(4) {
	case 0:
		return nil
	case 1:
		return []int{1 + r.IntN(4)}
	case 2:
		return []int{1 + r.IntN(3), 1 + r.IntN(3)}
	}
	return []int{2, 1 + r.IntN(3)}
}

func init() {
	for name, ref := range elementwiseReferences {
		funcReferences[name] = funcReference{src: "a closed form, elementwise",
			cases: func(r *rand.Rand) (int, []Tensor) {
				d := randShape(r)
				x := Tensor{Dims: d, X: make([]float64, numElems(d))}
				for i := range x.X {
					x.X[i] = ref.lo + (ref.hi-ref.lo)*r.Float64()
				}
				if name == "abs" { // the int overload, then the elementwise one
					if len(d) == 0 && r.IntN(2) == 0 {
						return 0, []Tensor{Scalar(float64(r.IntN(11) - 5))}
					}
					return 1, []Tensor{x}
				}
				return 0, []Tensor{x}
			},
			value: func(_ int, a []Tensor) Tensor {
				out := Tensor{Dims: a[0].Dims, X: make([]float64, len(a[0].X))}
				for i, x := range a[0].X {
					out.X[i] = ref.f(x)
				}
				return out
			}}
	}
}
