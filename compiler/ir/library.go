package ir

import "github.com/bayes-dev/bayes/library"

// The library's kernels as ops: each *library.Kernel (a log density with
// every constant, or a companion of one) is one elementwise op, numbered
// after the compiler's own in the library's order. Its row reads
// everything from the kernel: the value is the op's scalar function, the
// partials its adjoint (built through libBuilder, which makes each
// library.Builder call the Builder method of the same op, so the rule
// builds the IR it spells), its C template calls the kernel's C body in
// the prelude. Only the CPU loops are not read from the library kernel:
// package kernel has loops of its own for the kernels that declare a scale
// form (library.Scale), keyed by the form.

// libraryOps maps each library kernel to its op.
var libraryOps = func() map[*library.Kernel]Op {
	ks := library.Kernels()
	if int(numCoreOps)+len(ks) > MaxOps {
		panic("compiler: more ops than an Op can number") // grow Op beyond uint8
	}
	m := make(map[*library.Kernel]Op, len(ks))
	for i, k := range ks {
		m[k] = numCoreOps + Op(i)
	}
	return m
}()

// LibraryOp returns the op of a library kernel.
func LibraryOp(k *library.Kernel) Op { return libraryOps[k] }

// libraryRow is the op table row of the kernel k.
func libraryRow(k *library.Kernel) OpInfo {
	return OpInfo{Name: k.Name, Arity: k.Arity(), Elementwise: true, Discrete: k.Discrete(),
		Scalar: ScalarFunc(k.Value), C: k.CTemplate(),
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
			return Value(k.Partial(libBuilder{b}, library.Value(n), i, library.Value(adj)))
		}}
}

// libBuilder is the library's Builder over this package's: each method
// builds the op of the same name.
type libBuilder struct{ b *Builder }

type lv = library.Value

func (l libBuilder) Arg(n lv, i int) lv   { return lv(l.b.arg(Value(n), i)) }
func (l libBuilder) Const(x float64) lv   { return lv(l.b.Const(x)) }
func (l libBuilder) Add(x, y lv) lv       { return lv(l.b.Add(Value(x), Value(y))) }
func (l libBuilder) Sub(x, y lv) lv       { return lv(l.b.Sub(Value(x), Value(y))) }
func (l libBuilder) Mul(x, y lv) lv       { return lv(l.b.Mul(Value(x), Value(y))) }
func (l libBuilder) Div(x, y lv) lv       { return lv(l.b.Div(Value(x), Value(y))) }
func (l libBuilder) Pow(x, y lv) lv       { return lv(l.b.Pow(Value(x), Value(y))) }
func (l libBuilder) Neg(x lv) lv          { return lv(l.b.Neg(Value(x))) }
func (l libBuilder) Exp(x lv) lv          { return lv(l.b.Exp(Value(x))) }
func (l libBuilder) Log(x lv) lv          { return lv(l.b.Log(Value(x))) }
func (l libBuilder) Log1p(x lv) lv        { return lv(l.b.Apply(OpLog1p, Value(x))) }
func (l libBuilder) Inv(x lv) lv          { return lv(l.b.Inv(Value(x))) }
func (l libBuilder) Square(x lv) lv       { return lv(l.b.Square(Value(x))) }
func (l libBuilder) Sign(x lv) lv         { return lv(l.b.Apply(OpSign, Value(x))) }
func (l libBuilder) Fabs(x lv) lv         { return lv(l.b.Apply(OpFabs, Value(x))) }
func (l libBuilder) Digamma(x lv) lv      { return lv(l.b.Apply(OpDigamma, Value(x))) }
func (l libBuilder) InvLogit(x lv) lv     { return lv(l.b.Apply(OpInvLogit, Value(x))) }
func (l libBuilder) Log1pExp(x lv) lv     { return lv(l.b.Apply(OpLog1pExp, Value(x))) }
func (l libBuilder) Select(c, x, y lv) lv { return lv(l.b.Select(Value(c), Value(x), Value(y))) }

func (l libBuilder) Call(k *library.Kernel, args ...lv) lv {
	vs := make([]Value, len(args))
	for i, a := range args {
		vs[i] = Value(a)
	}
	return lv(l.b.Apply(libraryOps[k], vs...))
}
