package library

import (
	"fmt"
	"math"
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

func (e *dualEval) add(v dual) Value { e.vals = append(e.vals, v); return Value(len(e.vals) - 1) }

func (e *dualEval) scalar(x, d float64) Value {
	return e.add(dual{x: []float64{x}, d: []float64{d}})
}

// mapN applies f, which returns a value and its partials in each
// argument, elementwise, a scalar broadcast against containers.
func (e *dualEval) mapN(f func(a []float64) (float64, []float64), xs ...Value) Value {
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

func (e *dualEval) map1(x Value, f func(a float64) (float64, float64)) Value {
	return e.mapN(func(a []float64) (float64, []float64) { y, p := f(a[0]); return y, []float64{p} }, x)
}

func (e *dualEval) map2(x, y Value, f func(a, b float64) (float64, float64, float64)) Value {
	return e.mapN(func(a []float64) (float64, []float64) { v, p, q := f(a[0], a[1]); return v, []float64{p, q} }, x, y)
}

func (e *dualEval) Const(x float64) Value { return e.scalar(x, 0) }
func (e *dualEval) Add(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a + b, 1, 1 })
}
func (e *dualEval) Sub(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a - b, 1, -1 })
}
func (e *dualEval) Mul(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a * b, b, a })
}
func (e *dualEval) Div(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) { return a / b, 1 / b, -a / (b * b) })
}
func (e *dualEval) Pow(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) {
		p := math.Pow(a, b)
		return p, b * math.Pow(a, b-1), p * math.Log(a)
	})
}
func (e *dualEval) Lbeta(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) (float64, float64, float64) {
		s := Digamma(a + b)
		return Lbeta(a, b), Digamma(a) - s, Digamma(b) - s
	})
}
func (e *dualEval) Neg(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return -a, -1 })
}
func (e *dualEval) Exp(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { y := math.Exp(a); return y, y })
}
func (e *dualEval) Log(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Log(a), 1 / a })
}
func (e *dualEval) Log1p(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Log1p(a), 1 / (1 + a) })
}
func (e *dualEval) Inv(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return 1 / a, -1 / (a * a) })
}
func (e *dualEval) Square(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return a * a, 2 * a })
}
func (e *dualEval) Sign(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Sign(a), 0 })
}
func (e *dualEval) Fabs(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return math.Abs(a), Sign(a) })
}
func (e *dualEval) Digamma(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Digamma(a), Polygamma(1, a) })
}
func (e *dualEval) InvLogit(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { s := InvLogit(a); return s, s * (1 - s) })
}
func (e *dualEval) Log1pExp(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Log1pExp(a), InvLogit(a) })
}
func (e *dualEval) Sqrt(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { s := math.Sqrt(a); return s, 0.5 / s })
}
func (e *dualEval) Lgamma(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Lgamma(a), Digamma(a) })
}

// Log1mExp: d/dx log(1 - e^x) = -e^x/(1 - e^x) = -1/expm1(-x).
func (e *dualEval) Log1mExp(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Log1mExp(a), -1 / math.Expm1(-a) })
}
func (e *dualEval) LogInvLogit(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return LogInvLogit(a), InvLogit(-a) })
}
func (e *dualEval) Log1mInvLogit(x Value) Value {
	return e.map1(x, func(a float64) (float64, float64) { return Log1mInvLogit(a), -InvLogit(a) })
}

func (e *dualEval) Select(c, x, y Value) Value {
	return e.mapN(func(a []float64) (float64, []float64) {
		if a[0] != 0 {
			return a[1], []float64{0, 1, 0}
		}
		return a[2], []float64{0, 0, 1}
	}, c, x, y)
}

// Call applies a kernel with its own partials (each checked against finite
// differences by TestKernelPartials); an int argument has none.
func (e *dualEval) Call(k *Kernel, args ...Value) Value {
	return e.mapN(func(a []float64) (float64, []float64) {
		var x [MaxArgs]float64
		copy(x[:], a)
		p := make([]float64, len(a))
		for i := range a {
			p[i], _ = partial(k, x, i)
		}
		return k.At(x[:]...), p
	}, args...)
}

func (e *dualEval) Dims(x Value) []int              { return e.vals[x].dims }
func (e *dualEval) Known(x Value) ([]float64, bool) { return e.vals[x].x, true }
func (e *dualEval) Data(x Value) bool               { return false }
func (e *dualEval) Fail(format string, args ...any) { panic(dualFail{fmt.Sprintf(format, args...)}) }

func (e *dualEval) Elem(x Value, i int) Value {
	v := e.vals[x]
	return e.scalar(v.x[i], v.d[i])
}

func (e *dualEval) Pick(x Value, off []int) Value {
	v := e.vals[x]
	out := dual{dims: []int{len(off)}, x: make([]float64, len(off)), d: make([]float64, len(off))}
	for i, o := range off {
		out.x[i], out.d[i] = v.x[o], v.d[o]
	}
	return e.add(out)
}

func (e *dualEval) Gather(x Value, off []int) Value { return e.Pick(x, off) }

func (e *dualEval) Reshape(x Value, d []int) Value {
	v := e.vals[x]
	return e.add(dual{dims: d, x: v.x, d: v.d})
}

func (e *dualEval) Concat(x, y Value) Value {
	a, b := e.vals[x], e.vals[y]
	out := dual{x: append(append([]float64(nil), a.x...), b.x...), d: append(append([]float64(nil), a.d...), b.d...)}
	out.dims = []int{len(out.x)}
	return e.add(out)
}

func (e *dualEval) FromElems(dims []int, xs []Value) Value {
	out := dual{dims: dims, x: make([]float64, len(xs)), d: make([]float64, len(xs))}
	for i, x := range xs {
		out.x[i], out.d[i] = e.vals[x].x[0], e.vals[x].d[0]
	}
	return e.add(out)
}

func (e *dualEval) Sum(x Value) Value {
	v := e.vals[x]
	s, d := 0.0, 0.0
	for i := range v.x {
		s, d = s+v.x[i], d+v.d[i]
	}
	return e.scalar(s, d)
}

// MatVec: the product rule, row by row.
func (e *dualEval) MatVec(m, v Value) Value {
	a, x := e.vals[m], e.vals[v]
	r, c := a.dims[0], a.dims[1]
	out := dual{dims: []int{r}, x: make([]float64, r), d: make([]float64, r)}
	for i := range r {
		for j := range c {
			out.x[i] += a.x[i*c+j] * x.x[j]
			out.d[i] += a.d[i*c+j]*x.x[j] + a.x[i*c+j]*x.d[j]
		}
	}
	return e.add(out)
}

// LogSumExp: ∂/∂x_i = softmax(x)_i.
func (e *dualEval) LogSumExp(x Value) Value {
	v := e.vals[x]
	l := LogSumExp(v.x)
	d := 0.0
	for i := range v.x {
		d += math.Exp(v.x[i]-l) * v.d[i]
	}
	return e.scalar(l, d)
}

// derivative is the derivative of f's elements at args along the element
// j of argument i, by dual numbers.
func derivative(f func(o Tensors, a []Value) Value, args []Tensor, i, j int) []float64 {
	e := &dualEval{}
	vs := make([]Value, len(args))
	for k, a := range args {
		d := make([]float64, len(a.X))
		if k == i {
			d[j] = 1
		}
		vs[k] = e.add(dual{dims: a.Dims, x: a.X, d: d})
	}
	return e.vals[f(e, vs)].d
}
