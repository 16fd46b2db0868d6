package funcs

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
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
	"log":             {func(x float64) float64 { return math.Log2(x) * library.Ln2 }, 0.1, 3},
	"log10":           {func(x float64) float64 { return math.Log(x) / math.Ln10 }, 0.1, 3},
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
	"trunc":           {func(x float64) float64 { return x - math.Mod(x, 1) }, -2, 2},
	"asin":            {func(x float64) float64 { return math.Atan(x / math.Sqrt(1-x*x)) }, -0.9, 0.9},
	"acos":            {func(x float64) float64 { return math.Atan2(math.Sqrt(1-x*x), x) }, -0.9, 0.9},
	"sinh":            {func(x float64) float64 { return (math.Exp(x) - math.Exp(-x)) / 2 }, -2, 2},
	"cosh":            {func(x float64) float64 { return (math.Exp(x) + math.Exp(-x)) / 2 }, -2, 2},
	"asinh":           {func(x float64) float64 { return math.Log(x + math.Sqrt(x*x+1)) }, -2, 2},
	"acosh":           {func(x float64) float64 { return math.Log(x + math.Sqrt(x*x-1)) }, 1.1, 3},
	"atanh":           {func(x float64) float64 { return 0.5 * math.Log((1+x)/(1-x)) }, -0.9, 0.9},
	"cbrt":            {func(x float64) float64 { return math.Copysign(math.Pow(math.Abs(x), 1.0/3), x) }, -2, 2},
	"exp2":            {func(x float64) float64 { return math.Pow(2, x) }, -2, 2},
	"log2":            {func(x float64) float64 { return math.Log(x) / math.Ln2 }, 0.1, 3},
	"tgamma":          {func(x float64) float64 { return math.Exp(librarytest.Lg(x)) }, 0.1, 4},
	"log1p_exp":       {func(x float64) float64 { return math.Log(1 + math.Exp(x)) }, -2, 2},
	"inv_cloglog":     {func(x float64) float64 { return 1 - math.Exp(-math.Exp(x)) }, -2, 2},
	"inv_Phi":         {distuv.UnitNormal.Quantile, 0.05, 0.95},
	"lambert_w0":      {func(x float64) float64 { return lambertByBisection(x, -1, 2) }, -0.35, 5},
	"lambert_wm1":     {func(x float64) float64 { return lambertByBisection(x, -60, -1) }, -0.35, -0.01},
}

// lambertByBisection is the root of w e^w = x in [lo, hi], where w e^w is
// monotone, by bisection to adjacent doubles: the Lambert W function's
// reference.
func lambertByBisection(x, lo, hi float64) float64 {
	up := lo >= -1 // w e^w increases on [-1, ∞), decreases on (-∞, -1]
	for {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			return mid
		}
		if (mid*math.Exp(mid) < x) == up {
			lo = mid
		} else {
			hi = mid
		}
	}
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
		funcReferences[name] = librarytest.FuncReference{Src: "a closed form, elementwise",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				d := randShape(r)
				x := library.Tensor{Dims: d, X: make([]float64, library.NumElems(d))}
				for i := range x.X {
					x.X[i] = ref.lo + (ref.hi-ref.lo)*r.Float64()
				}
				if name == "abs" { // the int overload, then the elementwise one
					if len(d) == 0 && r.IntN(2) == 0 {
						return 0, []library.Tensor{library.Scalar(float64(r.IntN(11) - 5))}
					}
					return 1, []library.Tensor{x}
				}
				return 0, []library.Tensor{x}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				out := library.Tensor{Dims: a[0].Dims, X: make([]float64, len(a[0].X))}
				for i, x := range a[0].X {
					out.X[i] = ref.f(x)
				}
				return out
			}}
	}
}

// uniform draws n numbers in [lo, hi).
func uniform(r *rand.Rand, n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*r.Float64()
	}
	return out
}

// scalars is the reference row of a function of reals, each drawn from
// the interval of its place in box, for overload 0.
func scalars(src string, box [][2]float64, f func(x []float64) float64) librarytest.FuncReference {
	return librarytest.FuncReference{Src: src,
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			a := make([]library.Tensor, len(box))
			for i, b := range box {
				a[i] = library.Scalar(uniform(r, 1, b[0], b[1])[0])
			}
			return 0, a
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			x := make([]float64, len(a))
			for i, t := range a {
				x[i] = t.X[0]
			}
			return library.Scalar(f(x))
		}}
}

// special draws a scalar that is, one time in four each, NaN, +Inf or
// -Inf, else in (-2, 2): the arguments of the classification functions.
func special(r *rand.Rand) float64 {
	switch r.IntN(8) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	}
	return uniform(r, 1, -2, 2)[0]
}

// classify is the reference row of a classification function of one real
// (int_step's second overload: firstReal 1).
func classify(src string, firstReal int, f func(x float64) bool) librarytest.FuncReference {
	return librarytest.FuncReference{Src: src,
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if firstReal > 0 && r.IntN(2) == 0 {
				return 0, []library.Tensor{library.Scalar(float64(r.IntN(5) - 2))}
			}
			return firstReal, []library.Tensor{library.Scalar(special(r))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return library.Scalar(library.Indicator(f(a[0].X[0]))) }}
}

// reductionCase draws the argument of a reduction's overload o - first
// (first is the index of its array-of-reals overload): an array of reals,
// a vector, a row vector or a matrix, elements in [lo, hi).
func reductionCase(r *rand.Rand, o, first int, lo, hi float64) library.Tensor {
	dims := []int{2 + r.IntN(4)}
	if o-first == 3 {
		dims = []int{1 + r.IntN(3), 2 + r.IntN(2)}
	}
	return library.Tensor{Dims: dims, X: uniform(r, library.NumElems(dims), lo, hi)}
}

// ints draws n ints in [-5, 5] as a tensor of one dimension.
func ints(r *rand.Rand, n int) library.Tensor {
	t := library.Tensor{Dims: []int{n}, X: make([]float64, n)}
	for i := range t.X {
		t.X[i] = float64(r.IntN(11) - 5)
	}
	return t
}

// reduction is the reference row of a reduction: overloads from first on
// take reals in [lo, hi); ints, those before (sum's and prod's array of
// ints).
func reduction(src string, first int, lo, hi float64, f func(x []float64) float64) librarytest.FuncReference {
	return librarytest.FuncReference{Src: src,
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o := r.IntN(first + 4)
			if o < first {
				return o, []library.Tensor{ints(r, 1+r.IntN(5))}
			}
			return o, []library.Tensor{reductionCase(r, o, first, lo, hi)}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return library.Scalar(f(a[0].X)) }}
}

// minMaxReference is min's or max's row: two ints, two reals, an array of
// ints, then the reductions.
func minMaxReference(name string, f func(x []float64) float64) librarytest.FuncReference {
	return librarytest.FuncReference{Src: "gonum floats.Min and floats.Max",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			switch o := r.IntN(7); o {
			case 0:
				return o, []library.Tensor{library.Scalar(float64(r.IntN(11) - 5)), library.Scalar(float64(r.IntN(11) - 5))}
			case 1:
				return o, []library.Tensor{library.Scalar(uniform(r, 1, -2, 2)[0]), library.Scalar(uniform(r, 1, -2, 2)[0])}
			case 2:
				return o, []library.Tensor{ints(r, 1+r.IntN(5))}
			default:
				return o, []library.Tensor{reductionCase(r, o, 3, -2, 2)}
			}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			if len(a) == 2 {
				return library.Scalar(f([]float64{a[0].X[0], a[1].X[0]}))
			}
			return library.Scalar(f(a[0].X))
		},
		Bad: []librarytest.BadCall{{Overload: 4, Args: []library.Tensor{librarytest.Vec()}, Want: name + " of an empty container"}}}
}

func init() {
	for name, ref := range map[string]librarytest.FuncReference{
		"pow":  scalars("exp(y log x)", [][2]float64{{0.1, 3}, {-2, 2}}, func(x []float64) float64 { return math.Exp(x[1] * math.Log(x[0])) }),
		"fmin": scalars("math.Min", [][2]float64{{-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.Min(x[0], x[1]) }),
		"fmax": scalars("math.Max", [][2]float64{{-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.Max(x[0], x[1]) }),
		"fma":  scalars("math.FMA (fused)", [][2]float64{{-2, 2}, {-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.FMA(x[0], x[1], x[2]) }),
		"lbeta": scalars("lgamma(a) + lgamma(b) - lgamma(a + b)", [][2]float64{{0.5, 5}, {0.5, 5}}, func(x []float64) float64 {
			return librarytest.Lg(x[0]) + librarytest.Lg(x[1]) - librarytest.Lg(x[0]+x[1])
		}),
		"step":     classify("x < 0 ? 0 : 1", 0, func(x float64) bool { return !(x < 0) }),
		"int_step": classify("x > 0 ? 1 : 0", 1, func(x float64) bool { return x > 0 }),
		"is_nan":   classify("math.IsNaN", 0, math.IsNaN),
		"is_inf":   classify("math.IsInf", 0, func(x float64) bool { return math.IsInf(x, 0) }),
		"sum":      reduction("gonum floats.Sum", 1, -2, 2, floats.Sum),
		"prod":     reduction("gonum floats.Prod", 1, -2, 2, floats.Prod),
		"mean":     reduction("gonum stat.Mean", 0, -2, 2, func(x []float64) float64 { return stat.Mean(x, nil) }),
		"min":      minMaxReference("min", floats.Min),
		"max":      minMaxReference("max", floats.Max),
	} {
		funcReferences[name] = ref
	}
	// log_diff_exp(x, y) needs y < x; lchoose(n, k), 0 < k < n
	funcReferences["log_diff_exp"] = librarytest.FuncReference{Src: "log(e^x - e^y)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			x := uniform(r, 1, 0, 2)[0]
			return 0, []library.Tensor{library.Scalar(x), library.Scalar(x - uniform(r, 1, 0.1, 2)[0])}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return library.Scalar(math.Log(math.Exp(a[0].X[0]) - math.Exp(a[1].X[0])))
		}}
	funcReferences["lchoose"] = librarytest.FuncReference{Src: "lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := uniform(r, 1, 2, 10)[0]
			return 0, []library.Tensor{library.Scalar(n), library.Scalar(uniform(r, 1, 0.5, n-0.5)[0])}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n, k := a[0].X[0], a[1].X[0]
			return library.Scalar(librarytest.Lg(n+1) - librarytest.Lg(k+1) - librarytest.Lg(n-k+1))
		}}
	zero := 0.0
	for _, c := range constantFuncs {
		funcReferences[c.name] = librarytest.FuncReference{Src: "the constant, from Go's math",
			Cases: func(*rand.Rand) (int, []library.Tensor) { return 0, nil },
			Value: func(int, []library.Tensor) library.Tensor {
				return library.Scalar(map[string]float64{"pi": 4 * math.Atan(1), "e": math.Exp(1), "sqrt2": math.Pow(2, 0.5),
					"not_a_number": math.NaN(), "positive_infinity": 1 / zero, "negative_infinity": -1 / zero,
					"machine_precision": math.Nextafter(1, 2) - 1}[c.name])
			}}
	}
	lse := func(x []float64) float64 { return floats.LogSumExp(x) }
	funcReferences["log_sum_exp"] = librarytest.FuncReference{Src: "gonum floats.LogSumExp",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if o := r.IntN(5); o > 0 {
				return o, []library.Tensor{reductionCase(r, o, 1, -3, 3)}
			}
			return 0, []library.Tensor{library.Scalar(uniform(r, 1, -3, 3)[0]), library.Scalar(uniform(r, 1, -3, 3)[0])}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			if len(a) == 2 {
				return library.Scalar(lse([]float64{a[0].X[0], a[1].X[0]}))
			}
			return library.Scalar(lse(a[0].X))
		}}
	funcReferences["log_mix"] = librarytest.FuncReference{Src: "log Σ θ_k e^λ_k, summed directly; over λ_n, Σ_n of it",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if o := r.IntN(16); o > 0 { // θ of each type, λ one-dimensional (1 to 9) or N of them (10 to 15)
				k := 2 + r.IntN(3)
				if o <= 9 {
					return o, []library.Tensor{librarytest.RandSimplex(r, k), librarytest.Vec(uniform(r, k, -3, 1)...)}
				}
				ls := make([]library.Tensor, 1+r.IntN(3))
				for i := range ls {
					ls[i] = librarytest.Vec(uniform(r, k, -3, 1)...)
				}
				return o, []library.Tensor{librarytest.RandSimplex(r, k), librarytest.Arr(ls...)}
			}
			return 0, []library.Tensor{library.Scalar(uniform(r, 1, 0.05, 0.95)[0]), library.Scalar(uniform(r, 1, -3, 1)[0]), library.Scalar(uniform(r, 1, -3, 1)[0])}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			if len(a) == 3 {
				t := a[0].X[0]
				return library.Scalar(math.Log(t*math.Exp(a[1].X[0]) + (1-t)*math.Exp(a[2].X[0])))
			}
			k, lp := len(a[0].X), 0.0
			for n := 0; n < len(a[1].X)/k; n++ {
				s := 0.0
				for j, t := range a[0].X {
					s += t * math.Exp(a[1].X[n*k+j])
				}
				lp += math.Log(s)
			}
			return library.Scalar(lp)
		}}
	for name, f := range map[string]func(x []float64) float64{
		"variance": func(x []float64) float64 { return stat.Variance(x, nil) },
		"sd":       func(x []float64) float64 { return stat.StdDev(x, nil) },
	} {
		ref := reduction("gonum stat.Variance and stat.StdDev (unbiased)", 0, -2, 2, f)
		ref.Bad = []librarytest.BadCall{{Overload: 1, Args: []library.Tensor{librarytest.Vec(1.5)}, Want: "variance needs at least 2 elements, found 1"}}
		funcReferences[name] = ref
	}
	vectorCase := func(r *rand.Rand) (int, []library.Tensor) {
		return 0, []library.Tensor{librarytest.Vec(uniform(r, 1+r.IntN(5), -3, 3)...)}
	}
	funcReferences["log_softmax"] = librarytest.FuncReference{Src: "x - gonum floats.LogSumExp",
		Cases: vectorCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			out := append([]float64(nil), a[0].X...)
			floats.AddConst(-floats.LogSumExp(out), out)
			return librarytest.Vec(out...)
		}}
	funcReferences["softmax"] = librarytest.FuncReference{Src: "e^x / Σ e^x",
		Cases: vectorCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			out := make([]float64, len(a[0].X))
			for i, x := range a[0].X {
				out[i] = math.Exp(x)
			}
			floats.Scale(1/floats.Sum(out), out)
			return librarytest.Vec(out...)
		}}
	funcReferences["cumulative_sum"] = librarytest.FuncReference{Src: "gonum floats.CumSum",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if o := r.IntN(4); o > 0 {
				return o, []library.Tensor{librarytest.Vec(uniform(r, 1+r.IntN(5), -2, 2)...)}
			}
			return 0, []library.Tensor{ints(r, 1+r.IntN(5))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return library.Tensor{Dims: a[0].Dims, X: floats.CumSum(make([]float64, len(a[0].X)), a[0].X)}
		}}
}
