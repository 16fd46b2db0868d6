package library

// Value names a node of the graph that a Builder builds; the library never
// looks inside it.
type Value int32

// NoValue is the absent value: the partial derivative with respect to an
// argument that has none (an integer outcome, a trial count).
const NoValue Value = -1

// Builder builds the partial derivatives of a Kernel as IR. The compiler
// implements it over its own builder (hash-consing, folding and rules
// included); the table test implements it by evaluating each call at once.
type Builder interface {
	// Arg is argument i of the node n (a node of a Kernel's op).
	Arg(n Value, i int) Value
	Arith
}

// Arith is the scalar arithmetic that the partials of a Kernel and the
// formulas of Tensors are written in. Every method is one op of the IR,
// applied elementwise with scalars broadcast against vectors.
type Arith interface {
	Const(x float64) Value

	Add(x, y Value) Value
	Sub(x, y Value) Value
	Mul(x, y Value) Value
	Div(x, y Value) Value
	Pow(x, y Value) Value
	Neg(x Value) Value
	Exp(x Value) Value
	Log(x Value) Value
	Log1p(x Value) Value
	Inv(x Value) Value
	Square(x Value) Value
	Sign(x Value) Value
	Fabs(x Value) Value
	Digamma(x Value) Value
	InvLogit(x Value) Value
	Log1pExp(x Value) Value
	// Select is c != 0 ? x : y.
	Select(c, x, y Value) Value

	// Call applies another Kernel: a companion op such as normal_dmu, one
	// loop for a partial that would otherwise take several.
	Call(k *Kernel, args ...Value) Value
}
