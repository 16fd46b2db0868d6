package library

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat"
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
func scalars(src string, box [][2]float64, f func(x []float64) float64) funcReference {
	return funcReference{src: src,
		cases: func(r *rand.Rand) (int, []Tensor) {
			a := make([]Tensor, len(box))
			for i, b := range box {
				a[i] = Scalar(uniform(r, 1, b[0], b[1])[0])
			}
			return 0, a
		},
		value: func(_ int, a []Tensor) Tensor {
			x := make([]float64, len(a))
			for i, t := range a {
				x[i] = t.X[0]
			}
			return Scalar(f(x))
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
func classify(src string, firstReal int, f func(x float64) bool) funcReference {
	return funcReference{src: src,
		cases: func(r *rand.Rand) (int, []Tensor) {
			if firstReal > 0 && r.IntN(2) == 0 {
				return 0, []Tensor{Scalar(float64(r.IntN(5) - 2))}
			}
			return firstReal, []Tensor{Scalar(special(r))}
		},
		value: func(_ int, a []Tensor) Tensor { return Scalar(b2f(f(a[0].X[0]))) }}
}

// reductionCase draws the argument of a reduction's overload o - first
// (first is the index of its array-of-reals overload): an array of reals,
// a vector, a row vector or a matrix, elements in [lo, hi).
func reductionCase(r *rand.Rand, o, first int, lo, hi float64) Tensor {
	dims := []int{2 + r.IntN(4)}
	if o-first == 3 {
		dims = []int{1 + r.IntN(3), 2 + r.IntN(2)}
	}
	return Tensor{Dims: dims, X: uniform(r, numElems(dims), lo, hi)}
}

// ints draws n ints in [-5, 5] as a tensor of one dimension.
func ints(r *rand.Rand, n int) Tensor {
	t := Tensor{Dims: []int{n}, X: make([]float64, n)}
	for i := range t.X {
		t.X[i] = float64(r.IntN(11) - 5)
	}
	return t
}

// reduction is the reference row of a reduction: overloads from first on
// take reals in [lo, hi); ints, those before (sum's and prod's array of
// ints).
func reduction(src string, first int, lo, hi float64, f func(x []float64) float64) funcReference {
	return funcReference{src: src,
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(first + 4)
			if o < first {
				return o, []Tensor{ints(r, 1+r.IntN(5))}
			}
			return o, []Tensor{reductionCase(r, o, first, lo, hi)}
		},
		value: func(_ int, a []Tensor) Tensor { return Scalar(f(a[0].X)) }}
}

// minMaxReference is min's or max's row: two ints, two reals, an array of
// ints, then the reductions.
func minMaxReference(name string, f func(x []float64) float64) funcReference {
	return funcReference{src: "gonum floats.Min and floats.Max",
		cases: func(r *rand.Rand) (int, []Tensor) {
			switch o := r.IntN(7); o {
			case 0:
				return o, []Tensor{Scalar(float64(r.IntN(11) - 5)), Scalar(float64(r.IntN(11) - 5))}
			case 1:
				return o, []Tensor{Scalar(uniform(r, 1, -2, 2)[0]), Scalar(uniform(r, 1, -2, 2)[0])}
			case 2:
				return o, []Tensor{ints(r, 1+r.IntN(5))}
			default:
				return o, []Tensor{reductionCase(r, o, 3, -2, 2)}
			}
		},
		value: func(_ int, a []Tensor) Tensor {
			if len(a) == 2 {
				return Scalar(f([]float64{a[0].X[0], a[1].X[0]}))
			}
			return Scalar(f(a[0].X))
		},
		bad: []badCall{{overload: 4, args: []Tensor{vec()}, want: name + " of an empty container"}}}
}

func init() {
	for name, ref := range map[string]funcReference{
		"pow":  scalars("exp(y log x)", [][2]float64{{0.1, 3}, {-2, 2}}, func(x []float64) float64 { return math.Exp(x[1] * math.Log(x[0])) }),
		"fmin": scalars("math.Min", [][2]float64{{-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.Min(x[0], x[1]) }),
		"fmax": scalars("math.Max", [][2]float64{{-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.Max(x[0], x[1]) }),
		"fma":  scalars("math.FMA (fused)", [][2]float64{{-2, 2}, {-2, 2}, {-2, 2}}, func(x []float64) float64 { return math.FMA(x[0], x[1], x[2]) }),
		"lbeta": scalars("lgamma(a) + lgamma(b) - lgamma(a + b)", [][2]float64{{0.5, 5}, {0.5, 5}}, func(x []float64) float64 {
			return lg(x[0]) + lg(x[1]) - lg(x[0]+x[1])
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
	funcReferences["log_diff_exp"] = funcReference{src: "log(e^x - e^y)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			x := uniform(r, 1, 0, 2)[0]
			return 0, []Tensor{Scalar(x), Scalar(x - uniform(r, 1, 0.1, 2)[0])}
		},
		value: func(_ int, a []Tensor) Tensor { return Scalar(math.Log(math.Exp(a[0].X[0]) - math.Exp(a[1].X[0]))) }}
	funcReferences["lchoose"] = funcReference{src: "lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := uniform(r, 1, 2, 10)[0]
			return 0, []Tensor{Scalar(n), Scalar(uniform(r, 1, 0.5, n-0.5)[0])}
		},
		value: func(_ int, a []Tensor) Tensor {
			n, k := a[0].X[0], a[1].X[0]
			return Scalar(lg(n+1) - lg(k+1) - lg(n-k+1))
		}}
	zero := 0.0
	for _, c := range constantFuncs {
		funcReferences[c.name] = funcReference{src: "the constant, from Go's math",
			cases: func(*rand.Rand) (int, []Tensor) { return 0, nil },
			value: func(int, []Tensor) Tensor {
				return Scalar(map[string]float64{"pi": 4 * math.Atan(1), "e": math.Exp(1), "sqrt2": math.Pow(2, 0.5),
					"not_a_number": math.NaN(), "positive_infinity": 1 / zero, "negative_infinity": -1 / zero,
					"machine_precision": math.Nextafter(1, 2) - 1}[c.name])
			}}
	}
	lse := func(x []float64) float64 { return floats.LogSumExp(x) }
	funcReferences["log_sum_exp"] = funcReference{src: "gonum floats.LogSumExp",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(5); o > 0 {
				return o, []Tensor{reductionCase(r, o, 1, -3, 3)}
			}
			return 0, []Tensor{Scalar(uniform(r, 1, -3, 3)[0]), Scalar(uniform(r, 1, -3, 3)[0])}
		},
		value: func(_ int, a []Tensor) Tensor {
			if len(a) == 2 {
				return Scalar(lse([]float64{a[0].X[0], a[1].X[0]}))
			}
			return Scalar(lse(a[0].X))
		}}
	funcReferences["log_mix"] = funcReference{src: "log Σ θ_k e^λ_k, summed directly",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(3); o > 0 {
				k := 2 + r.IntN(3)
				return o, []Tensor{randSimplex(r, k), vec(uniform(r, k, -3, 1)...)}
			}
			return 0, []Tensor{Scalar(uniform(r, 1, 0.05, 0.95)[0]), Scalar(uniform(r, 1, -3, 1)[0]), Scalar(uniform(r, 1, -3, 1)[0])}
		},
		value: func(_ int, a []Tensor) Tensor {
			if len(a) == 3 {
				t := a[0].X[0]
				return Scalar(math.Log(t*math.Exp(a[1].X[0]) + (1-t)*math.Exp(a[2].X[0])))
			}
			s := 0.0
			for k, t := range a[0].X {
				s += t * math.Exp(a[1].X[k])
			}
			return Scalar(math.Log(s))
		}}
	for name, f := range map[string]func(x []float64) float64{
		"variance": func(x []float64) float64 { return stat.Variance(x, nil) },
		"sd":       func(x []float64) float64 { return stat.StdDev(x, nil) },
	} {
		ref := reduction("gonum stat.Variance and stat.StdDev (unbiased)", 0, -2, 2, f)
		ref.bad = []badCall{{overload: 1, args: []Tensor{vec(1.5)}, want: "variance needs at least 2 elements, found 1"}}
		funcReferences[name] = ref
	}
	vectorCase := func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{vec(uniform(r, 1+r.IntN(5), -3, 3)...)} }
	funcReferences["log_softmax"] = funcReference{src: "x - gonum floats.LogSumExp",
		cases: vectorCase,
		value: func(_ int, a []Tensor) Tensor {
			out := append([]float64(nil), a[0].X...)
			floats.AddConst(-floats.LogSumExp(out), out)
			return vec(out...)
		}}
	funcReferences["softmax"] = funcReference{src: "e^x / Σ e^x",
		cases: vectorCase,
		value: func(_ int, a []Tensor) Tensor {
			out := make([]float64, len(a[0].X))
			for i, x := range a[0].X {
				out[i] = math.Exp(x)
			}
			floats.Scale(1/floats.Sum(out), out)
			return vec(out...)
		}}
	funcReferences["cumulative_sum"] = funcReference{src: "gonum floats.CumSum",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(4); o > 0 {
				return o, []Tensor{vec(uniform(r, 1+r.IntN(5), -2, 2)...)}
			}
			return 0, []Tensor{ints(r, 1+r.IntN(5))}
		},
		value: func(_ int, a []Tensor) Tensor {
			return Tensor{Dims: a[0].Dims, X: floats.CumSum(make([]float64, len(a[0].X)), a[0].X)}
		}}
}
