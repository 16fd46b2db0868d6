package library

import (
	"fmt"
	"math"
	"sync"
)

// Tensor is a number, a vector or a matrix, or an array of them, as the
// interpreter holds it: its dimensions (none for a scalar: one element)
// and its elements, row-major; an int is held as its float64.
type Tensor struct {
	Dims []int
	X    []float64
}

// Scalar is the tensor of one number.
func Scalar(x float64) Tensor { return Tensor{X: []float64{x}} }

// Eval is Tensors over numbers: every call computes its value at once, with
// the same scalar functions as the compiler's ops. A value is data when its
// arguments are (a constant is).
type Eval struct {
	vals []Tensor
	data []bool
	buf  []float64 // storage for scalars, handed out one element at a time
	args []Value
}

// evals are the Evals that run reuses: the interpreter runs a formula at
// every call of a library function, most of them of a few scalars.
var evals = sync.Pool{New: func() any { return &Eval{} }}

// EvalFail carries Fail's error out of a formula to run.
type EvalFail struct{ Err error }

// Run evaluates f at args, every one of them data; a Fail in f is its
// error. The result's elements are its own (the Eval goes back to evals).
func Run(f func(o Tensors, args []Value) Value, args []Tensor) (out Tensor, err error) {
	e := evals.Get().(*Eval)
	for _, a := range args {
		e.args = append(e.args, e.add(a, true))
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(EvalFail)
			if !ok {
				panic(r)
			}
			err = f.Err
		}
		clear(e.vals)
		e.vals, e.data, e.buf, e.args = e.vals[:0], e.data[:0], e.buf[:0], e.args[:0]
		evals.Put(e)
	}()
	t := e.vals[f(e, e.args)]
	return Tensor{Dims: t.Dims, X: append([]float64(nil), t.X...)}, nil
}

// NewEval returns an evaluator holding args, data where data says so.
func NewEval(args []Tensor, data []bool) (*Eval, []Value) {
	e := &Eval{}
	vs := make([]Value, len(args))
	for i, a := range args {
		vs[i] = e.add(a, data[i])
	}
	return e, vs
}

// Tensor is the value v.
func (e *Eval) Tensor(v Value) Tensor { return e.vals[v] }

func (e *Eval) add(t Tensor, data bool) Value {
	e.vals = append(e.vals, t)
	e.data = append(e.data, data)
	return Value(len(e.vals) - 1)
}

func (e *Eval) scalar(x float64, data bool) Value {
	if len(e.buf) == cap(e.buf) {
		e.buf = make([]float64, 0, 256)
	}
	e.buf = append(e.buf, x)
	n := len(e.buf)
	return e.add(Tensor{X: e.buf[n-1 : n : n]}, data)
}

// map1 applies f to every element of x.
func (e *Eval) map1(x Value, f func(float64) float64) Value {
	t := e.vals[x]
	if len(t.Dims) == 0 {
		return e.scalar(f(t.X[0]), e.data[x])
	}
	out := make([]float64, len(t.X))
	for i, v := range t.X {
		out[i] = f(v)
	}
	return e.add(Tensor{Dims: t.Dims, X: out}, e.data[x])
}

// mapN applies f elementwise to xs, a scalar broadcast against containers,
// which must have one size.
func (e *Eval) mapN(f func(a *[MaxArgs]float64) float64, xs ...Value) Value {
	var dims []int
	n := 1
	data := true
	for _, x := range xs {
		t := e.vals[x]
		data = data && e.data[x]
		if len(t.Dims) == 0 {
			continue
		}
		if dims != nil && len(t.X) != n {
			e.Fail("elementwise arguments of sizes %d and %d", n, len(t.X))
		}
		dims, n = t.Dims, len(t.X)
	}
	var a [MaxArgs]float64
	at := func(j int) float64 {
		for i, x := range xs {
			t := e.vals[x]
			if len(t.Dims) == 0 {
				a[i] = t.X[0]
			} else {
				a[i] = t.X[j]
			}
		}
		return f(&a)
	}
	if dims == nil {
		return e.scalar(at(0), data)
	}
	out := make([]float64, n)
	for j := range out {
		out[j] = at(j)
	}
	return e.add(Tensor{Dims: dims, X: out}, data)
}

func (e *Eval) map2(x, y Value, f func(a, b float64) float64) Value {
	return e.mapN(func(a *[MaxArgs]float64) float64 { return f(a[0], a[1]) }, x, y)
}

func (e *Eval) Const(x float64) Value { return e.scalar(x, true) }
func (e *Eval) Add(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return a + b })
}
func (e *Eval) Sub(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return a - b })
}
func (e *Eval) Mul(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return a * b })
}
func (e *Eval) Div(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return a / b })
}
func (e *Eval) Pow(x, y Value) Value   { return e.map2(x, y, math.Pow) }
func (e *Eval) Lbeta(x, y Value) Value { return e.map2(x, y, Lbeta) }
func (e *Eval) Neg(x Value) Value      { return e.map1(x, func(a float64) float64 { return -a }) }
func (e *Eval) Exp(x Value) Value      { return e.map1(x, math.Exp) }
func (e *Eval) Log(x Value) Value      { return e.map1(x, math.Log) }
func (e *Eval) Log1p(x Value) Value    { return e.map1(x, math.Log1p) }
func (e *Eval) Inv(x Value) Value      { return e.map1(x, func(a float64) float64 { return 1 / a }) }
func (e *Eval) Square(x Value) Value   { return e.map1(x, func(a float64) float64 { return a * a }) }
func (e *Eval) Sign(x Value) Value     { return e.map1(x, Sign) }
func (e *Eval) Fabs(x Value) Value     { return e.map1(x, math.Abs) }
func (e *Eval) Digamma(x Value) Value  { return e.map1(x, Digamma) }
func (e *Eval) InvLogit(x Value) Value { return e.map1(x, InvLogit) }
func (e *Eval) Log1pExp(x Value) Value { return e.map1(x, Log1pExp) }
func (e *Eval) Sqrt(x Value) Value     { return e.map1(x, math.Sqrt) }
func (e *Eval) Lgamma(x Value) Value   { return e.map1(x, Lgamma) }
func (e *Eval) Log1mExp(x Value) Value { return e.map1(x, Log1mExp) }
func (e *Eval) LogInvLogit(x Value) Value {
	return e.map1(x, LogInvLogit)
}
func (e *Eval) Log1mInvLogit(x Value) Value { return e.map1(x, Log1mInvLogit) }
func (e *Eval) Expm1(x Value) Value         { return e.map1(x, math.Expm1) }
func (e *Eval) Tanh(x Value) Value          { return e.map1(x, math.Tanh) }
func (e *Eval) Sin(x Value) Value           { return e.map1(x, math.Sin) }
func (e *Eval) Cos(x Value) Value           { return e.map1(x, math.Cos) }
func (e *Eval) Tan(x Value) Value           { return e.map1(x, math.Tan) }
func (e *Eval) Atan(x Value) Value          { return e.map1(x, math.Atan) }
func (e *Eval) Erf(x Value) Value           { return e.map1(x, math.Erf) }
func (e *Eval) Erfc(x Value) Value          { return e.map1(x, math.Erfc) }
func (e *Eval) Phi(x Value) Value           { return e.map1(x, Phi) }
func (e *Eval) LogSumExp2(x, y Value) Value { return e.map2(x, y, LogSumExp2) }
func (e *Eval) Lt(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return Indicator(a < b) })
}
func (e *Eval) Le(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return Indicator(a <= b) })
}
func (e *Eval) Eq(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return Indicator(a == b) })
}
func (e *Eval) Ne(x, y Value) Value {
	return e.map2(x, y, func(a, b float64) float64 { return Indicator(a != b) })
}

func (e *Eval) MapKnown(x Value, f func(float64) float64) (Value, bool) { return e.map1(x, f), true }
func (e *Eval) FromKnown(dims []int, xs []float64) Value {
	return e.add(Tensor{Dims: dims, X: xs}, true)
}

func (e *Eval) Select(c, x, y Value) Value {
	return e.mapN(func(a *[MaxArgs]float64) float64 {
		if a[0] != 0 {
			return a[1]
		}
		return a[2]
	}, c, x, y)
}

func (e *Eval) Call(k *Kernel, args ...Value) Value {
	return e.mapN(func(a *[MaxArgs]float64) float64 { return k.Value(a[0], a[1], a[2], a[3], 0) }, args...)
}

func (e *Eval) Dims(x Value) []int              { return e.vals[x].Dims }
func (e *Eval) Known(x Value) ([]float64, bool) { return e.vals[x].X, true }
func (e *Eval) Data(x Value) bool               { return e.data[x] }
func (e *Eval) Fail(format string, args ...any) { panic(EvalFail{fmt.Errorf(format, args...)}) }
func (e *Eval) Elem(x Value, i int) Value       { return e.scalar(e.vals[x].X[i], e.data[x]) }
func (e *Eval) Gather(x Value, off []int) Value { return e.Pick(x, off) }
func (e *Eval) Sum(x Value) Value               { return e.scalar(sum(e.vals[x].X), e.data[x]) }
func (e *Eval) LogSumExp(x Value) Value         { return e.scalar(LogSumExp(e.vals[x].X), e.data[x]) }
func (e *Eval) FromElems(d []int, xs []Value) Value {
	out := make([]float64, len(xs))
	data := true
	for i, x := range xs {
		out[i] = e.vals[x].X[0]
		data = data && e.data[x]
	}
	return e.add(Tensor{Dims: d, X: out}, data)
}

func (e *Eval) Reshape(x Value, d []int) Value {
	return e.add(Tensor{Dims: d, X: e.vals[x].X}, e.data[x])
}

func (e *Eval) Concat(x, y Value) Value {
	xs := append(append([]float64(nil), e.vals[x].X...), e.vals[y].X...)
	return e.add(Tensor{Dims: []int{len(xs)}, X: xs}, e.data[x] && e.data[y])
}

func (e *Eval) Pick(x Value, off []int) Value {
	t := e.vals[x]
	out := make([]float64, len(off))
	for i, o := range off {
		out[i] = t.X[o]
	}
	return e.add(Tensor{Dims: []int{len(off)}, X: out}, e.data[x])
}

func (e *Eval) Dot(x, y Value) Value {
	return e.scalar(dot(e.vals[x].X, e.vals[y].X), e.data[x] && e.data[y])
}

func (e *Eval) MatVec(a, v Value) Value {
	t := e.vals[a]
	return e.add(Tensor{Dims: []int{t.Dims[0]}, X: matVec(t, e.vals[v].X)}, e.data[a] && e.data[v])
}

func (e *Eval) MatMat(a, b Value) Value {
	ta, tb := e.vals[a], e.vals[b]
	r, c := ta.Dims[0], tb.Dims[1]
	out := make([]float64, r*c)
	col := make([]float64, tb.Dims[0])
	for j := 0; j < c; j++ {
		for i := range col {
			col[i] = tb.X[i*c+j]
		}
		for i, x := range matVec(ta, col) {
			out[i*c+j] = x
		}
	}
	return e.add(Tensor{Dims: []int{r, c}, X: out}, e.data[a] && e.data[b])
}

func (e *Eval) Reduce(r Reduction, x Value) Value { return e.scalar(r.Of(e.vals[x].X), e.data[x]) }

func (e *Eval) CumSum(x Value) Value {
	t := e.vals[x]
	return e.add(Tensor{Dims: t.Dims, X: CumSum(t.X)}, e.data[x])
}

func (e *Eval) LogSoftmax(x Value) Value {
	t := e.vals[x]
	lse := LogSumExp(t.X)
	out := make([]float64, len(t.X))
	for i, v := range t.X {
		out[i] = v - lse
	}
	return e.add(Tensor{Dims: t.Dims, X: out}, e.data[x])
}

// Softmax is exp(LogSoftmax(x)), element by element.
func (e *Eval) Softmax(x Value) Value { return e.Exp(e.LogSoftmax(x)) }

func (e *Eval) Repeat(x Value, dims []int) Value {
	t := e.vals[x]
	n := NumElems(dims)
	out := make([]float64, 0, n*len(t.X))
	for range n {
		out = append(out, t.X...)
	}
	return e.add(Tensor{Dims: append(append([]int(nil), dims...), t.Dims...), X: out}, e.data[x])
}

// dot is Σ x_i y_i, in order, as the compiler sums a known dot product.
func dot(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// matVec is the matrix a times v, each row a dot product.
func matVec(a Tensor, v []float64) []float64 {
	r, c := a.Dims[0], a.Dims[1]
	out := make([]float64, r)
	for i := range out {
		out[i] = dot(a.X[i*c:(i+1)*c], v)
	}
	return out
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// NumElems is the number of elements of a value of dimensions d.
func NumElems(d []int) int {
	n := 1
	for _, x := range d {
		n *= x
	}
	return n
}

// Indicator is 1 for true, 0 for false.
func Indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
