package librarytest

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/library"
)

// dualEval is Tensors over dual numbers x + εẋ: it evaluates a formula and
// its derivative along one direction (forward-mode differentiation, each
// op's derivative written out below), for the finite-difference checks of
// the formulas, which the compiler differentiates through its own ops.
type dualEval struct {
	vals []dual
}

type dual struct {
	dims []int
	x, d []float64
}

// dualFail is Fail's panic.
type dualFail struct{ msg string }

func (e *dualEval) add(v dual) library.Value {
	e.vals = append(e.vals, v)
	return library.Value(len(e.vals) - 1)
}

func (e *dualEval) scalar(x, d float64) library.Value {
	return e.add(dual{x: []float64{x}, d: []float64{d}})
}

// mapN applies f, which returns a value and its partials in each
// argument, elementwise, a scalar broadcast against containers.
func (e *dualEval) mapN(f func(a []float64) (float64, []float64), xs ...library.Value) library.Value {
	var dims []int
	n := 1
	for _, x := range xs {
		if v := e.vals[x]; len(v.dims) > 0 {
			if dims != nil && len(v.x) != n {
				e.Fail("elementwise arguments of sizes %d and %d", n, len(v.x))
			}
			dims, n = v.dims, len(v.x)
		}
	}
	out := dual{dims: dims, x: make([]float64, n), d: make([]float64, n)}
	a := make([]float64, len(xs))
	for j := range n {
		for i, x := range xs {
			a[i] = e.vals[x].at(j)
		}
		y, p := f(a)
		out.x[j] = y
		for i, x := range xs {
			if da := e.vals[x].dat(j); da != 0 {
				out.d[j] += p[i] * da
			}
		}
	}
	return e.add(out)
}

func (v dual) at(j int) float64 {
	if len(v.dims) == 0 {
		return v.x[0]
	}
	return v.x[j]
}

func (v dual) dat(j int) float64 {
	if len(v.dims) == 0 {
		return v.d[0]
	}
	return v.d[j]
}

func (e *dualEval) map1(x library.Value, f func(a float64) (float64, float64)) library.Value {
	return e.mapN(func(a []float64) (float64, []float64) { y, p := f(a[0]); return y, []float64{p} }, x)
}

func (e *dualEval) map2(x, y library.Value, f func(a, b float64) (float64, float64, float64)) library.Value {
	return e.mapN(func(a []float64) (float64, []float64) { v, p, q := f(a[0], a[1]); return v, []float64{p, q} }, x, y)
}

func (e *dualEval) Const(x float64) library.Value { return e.scalar(x, 0) }
func (e *dualEval) Add(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a + b, 1, 1 })
}
func (e *dualEval) Sub(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a - b, 1, -1 })
}
func (e *dualEval) Mul(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a * b, b, a })
}
func (e *dualEval) Div(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a / b, 1 / b, -a / (b * b) })
}
func (e *dualEval) Pow(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) {
		p := math.Pow(a, b)
		return p, b * math.Pow(a, b-1), p * math.Log(a)
	})
}
func (e *dualEval) Lbeta(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) {
		s := library.Digamma(a + b)
		return library.Lbeta(a, b), library.Digamma(a) - s, library.Digamma(b) - s
	})
}
func (e *dualEval) Neg(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return -a, -1 })
}
func (e *dualEval) Exp(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { y := math.Exp(a); return y, y })
}
func (e *dualEval) Log(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Log(a), 1 / a })
}
func (e *dualEval) Log1p(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Log1p(a), 1 / (1 + a) })
}
func (e *dualEval) Inv(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return 1 / a, -1 / (a * a) })
}
func (e *dualEval) Square(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return a * a, 2 * a })
}
func (e *dualEval) Sign(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Sign(a), 0 })
}
func (e *dualEval) Fabs(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Abs(a), library.Sign(a) })
}
func (e *dualEval) Digamma(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Digamma(a), library.Polygamma(1, a) })
}
func (e *dualEval) InvLogit(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { s := library.InvLogit(a); return s, s * (1 - s) })
}
func (e *dualEval) Log1pExp(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Log1pExp(a), library.InvLogit(a) })
}
func (e *dualEval) Sqrt(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { s := math.Sqrt(a); return s, 0.5 / s })
}
func (e *dualEval) Lgamma(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Lgamma(a), library.Digamma(a) })
}

// Log1mExp: d/dx log(1 - e^x) = -e^x/(1 - e^x) = -1/expm1(-x).
func (e *dualEval) Log1mExp(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Log1mExp(a), -1 / math.Expm1(-a) })
}
func (e *dualEval) LogInvLogit(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.LogInvLogit(a), library.InvLogit(-a) })
}
func (e *dualEval) Log1mInvLogit(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Log1mInvLogit(a), -library.InvLogit(a) })
}

func (e *dualEval) Select(c, x, y library.Value) library.Value {
	return e.mapN(func(a []float64) (float64, []float64) {
		if a[0] != 0 {
			return a[1], []float64{0, 1, 0}
		}
		return a[2], []float64{0, 0, 1}
	}, c, x, y)
}

func (e *dualEval) Expm1(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Expm1(a), math.Exp(a) })
}
func (e *dualEval) Tanh(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { t := math.Tanh(a); return t, 1 - t*t })
}
func (e *dualEval) Sin(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Sin(a), math.Cos(a) })
}
func (e *dualEval) Cos(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Cos(a), -math.Sin(a) })
}
func (e *dualEval) Tan(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { t := math.Tan(a); return t, 1 + t*t })
}
func (e *dualEval) Atan(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Atan(a), 1 / (1 + a*a) })
}

// Erf: erf' = 2/√π exp(-x²); Phi: Φ' is the normal density.
func (e *dualEval) Erf(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Erf(a), library.InvSqrtPi2 * math.Exp(-a*a) })
}
func (e *dualEval) Erfc(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Erfc(a), -library.InvSqrtPi2 * math.Exp(-a*a) })
}
func (e *dualEval) Phi(x library.Value) library.Value {
	return e.map1(x, func(a float64) (float64, float64) { return library.Phi(a), library.InvSqrt2Pi * math.Exp(-a*a/2) })
}

// LogSumExp2: ∂/∂x = e^(x - lse).
func (e *dualEval) LogSumExp2(x, y library.Value) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) {
		l := library.LogSumExp2(a, b)
		return l, math.Exp(a - l), math.Exp(b - l)
	})
}

// compare: a comparison's derivative is zero.
func (e *dualEval) compare(x, y library.Value, f func(a, b float64) bool) library.Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return library.Indicator(f(a, b)), 0, 0 })
}
func (e *dualEval) Lt(x, y library.Value) library.Value {
	return e.compare(x, y, func(a, b float64) bool { return a < b })
}
func (e *dualEval) Le(x, y library.Value) library.Value {
	return e.compare(x, y, func(a, b float64) bool { return a <= b })
}
func (e *dualEval) Eq(x, y library.Value) library.Value {
	return e.compare(x, y, func(a, b float64) bool { return a == b })
}
func (e *dualEval) Ne(x, y library.Value) library.Value {
	return e.compare(x, y, func(a, b float64) bool { return a != b })
}

// MapKnown: the functions it maps (floor, ceil, round) are steps, whose
// derivative is zero where it exists.
func (e *dualEval) MapKnown(x library.Value, f func(float64) float64) (library.Value, bool) {
	return e.map1(x, func(a float64) (float64, float64) { return f(a), 0 }), true
}

func (e *dualEval) FromKnown(dims []int, xs []float64) library.Value {
	return e.add(dual{dims: dims, x: xs, d: make([]float64, len(xs))})
}

func (e *dualEval) Dot(x, y library.Value) library.Value { return e.Sum(e.Mul(x, y)) }

func (e *dualEval) MatVec(a, v library.Value) library.Value {
	d := e.vals[a].dims
	rows := make([]library.Value, d[0])
	for i := range rows {
		off := make([]int, d[1])
		for j := range off {
			off[j] = i*d[1] + j
		}
		rows[i] = e.Dot(e.Pick(a, off), v)
	}
	return e.FromElems([]int{d[0]}, rows)
}

func (e *dualEval) MatMat(a, b library.Value) library.Value {
	r, k, c := e.vals[a].dims[0], e.vals[b].dims[0], e.vals[b].dims[1]
	out := make([]library.Value, r*c)
	for j := 0; j < c; j++ {
		off := make([]int, k)
		for i := range off {
			off[i] = i*c + j
		}
		col := e.MatVec(a, e.Pick(b, off))
		for i := 0; i < r; i++ {
			out[i*c+j] = e.Elem(col, i)
		}
	}
	return e.FromElems([]int{r, c}, out)
}

// Reduce: ∂ prod/∂x_i = Π_{j≠i} x_j; ∂ max/∂x_i is 1 at the maximum;
// ∂ log_sum_exp/∂x_i = softmax(x)_i.
func (e *dualEval) Reduce(r library.Reduction, x library.Value) library.Value {
	v := e.vals[x]
	y, d := r.Of(v.x), 0.0
	for i := range v.x {
		var p float64
		switch r {
		case library.ReduceProd:
			p = 1
			for j, z := range v.x {
				if j != i {
					p *= z
				}
			}
		case library.ReduceMax, library.ReduceMin:
			p = library.Indicator(v.x[i] == y)
		case library.ReduceLogSumExp:
			p = math.Exp(v.x[i] - y)
		}
		d += p * v.d[i]
	}
	return e.scalar(y, d)
}

func (e *dualEval) CumSum(x library.Value) library.Value {
	v := e.vals[x]
	return e.add(dual{dims: v.dims, x: library.CumSum(v.x), d: library.CumSum(v.d)})
}

func (e *dualEval) LogSoftmax(x library.Value) library.Value {
	return e.Sub(x, e.Reduce(library.ReduceLogSumExp, x))
}

func (e *dualEval) Softmax(x library.Value) library.Value { return e.Exp(e.LogSoftmax(x)) }

func (e *dualEval) Repeat(x library.Value, dims []int) library.Value {
	v := e.vals[x]
	out := dual{dims: append(append([]int(nil), dims...), v.dims...)}
	for range library.NumElems(dims) {
		out.x = append(out.x, v.x...)
		out.d = append(out.d, v.d...)
	}
	return e.add(out)
}

// Call applies a kernel with its own partials (each checked against finite
// differences by kernelPartials); an int argument has none.
func (e *dualEval) Call(k *library.Kernel, args ...library.Value) library.Value {
	return e.mapN(func(a []float64) (float64, []float64) {
		var x [library.MaxArgs]float64
		copy(x[:], a)
		p := make([]float64, len(a))
		for i := range a {
			p[i], _ = partial(k, x, i)
		}
		return k.At(x[:]...), p
	}, args...)
}

func (e *dualEval) Dims(x library.Value) []int              { return e.vals[x].dims }
func (e *dualEval) Known(x library.Value) ([]float64, bool) { return e.vals[x].x, !e.varies(x) }
func (e *dualEval) Data(x library.Value) bool               { return false }
func (e *dualEval) Fail(format string, args ...any)         { panic(dualFail{fmt.Sprintf(format, args...)}) }

// varies reports whether x has a derivative along the direction: a value
// that does not is known (the compiler's data), so a formula's branch for
// known values (log_determinant's) is checked by the reference values, and
// its branch for parameters by the derivatives.
func (e *dualEval) varies(x library.Value) bool {
	for _, d := range e.vals[x].d {
		if d != 0 {
			return true
		}
	}
	return false
}

func (e *dualEval) Elem(x library.Value, i int) library.Value {
	v := e.vals[x]
	return e.scalar(v.x[i], v.d[i])
}

func (e *dualEval) Pick(x library.Value, off []int) library.Value {
	v := e.vals[x]
	out := dual{dims: []int{len(off)}, x: make([]float64, len(off)), d: make([]float64, len(off))}
	for i, o := range off {
		out.x[i], out.d[i] = v.x[o], v.d[o]
	}
	return e.add(out)
}

func (e *dualEval) Gather(x library.Value, off []int) library.Value { return e.Pick(x, off) }

func (e *dualEval) Reshape(x library.Value, d []int) library.Value {
	v := e.vals[x]
	return e.add(dual{dims: d, x: v.x, d: v.d})
}

func (e *dualEval) Concat(x, y library.Value) library.Value {
	a, b := e.vals[x], e.vals[y]
	out := dual{x: append(append([]float64(nil), a.x...), b.x...), d: append(append([]float64(nil), a.d...), b.d...)}
	out.dims = []int{len(out.x)}
	return e.add(out)
}

func (e *dualEval) FromElems(dims []int, xs []library.Value) library.Value {
	out := dual{dims: dims, x: make([]float64, len(xs)), d: make([]float64, len(xs))}
	for i, x := range xs {
		out.x[i], out.d[i] = e.vals[x].x[0], e.vals[x].d[0]
	}
	return e.add(out)
}

func (e *dualEval) Sum(x library.Value) library.Value {
	v := e.vals[x]
	s, d := 0.0, 0.0
	for i := range v.x {
		s, d = s+v.x[i], d+v.d[i]
	}
	return e.scalar(s, d)
}

// LogSumExp: ∂/∂x_i = softmax(x)_i.
func (e *dualEval) LogSumExp(x library.Value) library.Value {
	v := e.vals[x]
	l := library.LogSumExp(v.x)
	d := 0.0
	for i := range v.x {
		d += math.Exp(v.x[i]-l) * v.d[i]
	}
	return e.scalar(l, d)
}

// derivative is the derivative of f's elements at args along the element
// j of argument i, by dual numbers.
func derivative(f func(o library.Tensors, a []library.Value) library.Value, args []library.Tensor, i, j int) []float64 {
	d, _ := derivativeValue(f, args, i, j)
	return d
}

// derivativeValue is derivative and the value of f's elements.
func derivativeValue(f func(o library.Tensors, a []library.Value) library.Value, args []library.Tensor, i, j int) (d, x []float64) {
	e := &dualEval{}
	vs := make([]library.Value, len(args))
	for k, a := range args {
		d := make([]float64, len(a.X))
		if k == i {
			d[j] = 1
		}
		vs[k] = e.add(dual{dims: a.Dims, x: a.X, d: d})
	}
	out := e.vals[f(e, vs)]
	return out.d, out.x
}

// Derivative is the value of f's elements at args, every argument a
// parameter (unknown to the formula), and their derivatives along element
// j of argument i, by dual numbers: for a package's tests of a formula's
// branch for parameters at a point the walks do not draw (an eigenvalue
// that repeats, a matrix of large norm).
func Derivative(f func(o library.Tensors, a []library.Value) library.Value, args []library.Tensor, i, j int) (d, x []float64) {
	return derivativeValue(f, args, i, j)
}
