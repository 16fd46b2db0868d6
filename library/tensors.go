package library

// Tensors is what the formula of a multivariate family or of a plain
// function is written in, once: the interpreter runs it over numbers (Eval,
// each call computed at once), the compiler over its lowered values (each
// call one op of the IR, or a number when every argument is known when the
// model is compiled, computed with the op's own scalar function). So the
// value the interpreter gives and the IR the compiler builds come from the
// same lines.
//
// A Value names a scalar, a vector or a matrix (its elements row-major),
// or an array of them; the elementwise methods of Arith broadcast a scalar
// against a container of any shape, and take two containers of one size.
type Tensors interface {
	Arith

	// Dims are x's dimensions: array dimensions, then a vector's length or
	// a matrix's rows and columns; none for a scalar.
	Dims(x Value) []int
	// Known is x's elements, when they are known: always in the
	// interpreter, for data (and what is computed from data only) in the
	// compiler.
	Known(x Value) ([]float64, bool)
	// Data reports whether x is data, Stan's double, whose summands `~`
	// drops: an argument that depends on no parameter and is not held in
	// a variable of the parameter blocks or the model (Stan Reference
	// Manual, "Sampling statements").
	Data(x Value) bool
	// Fail reports a user error at the call and does not return.
	Fail(format string, args ...any)

	// Elem is element i (row-major) as a scalar.
	Elem(x Value, i int) Value
	// Pick is the elements of x at the offsets off as a vector (x itself
	// when off is every offset in order).
	Pick(x Value, off []int) Value
	// Gather is Pick built as one gather of x in the IR, even when off is
	// every offset or x is known.
	Gather(x Value, off []int) Value
	// FromElems is the value of dims made of the scalars xs, row-major.
	FromElems(dims []int, xs []Value) Value
	// Reshape is x's elements, in their order, as a value of dims.
	Reshape(x Value, dims []int) Value
	// Concat is x's elements then y's, as a vector.
	Concat(x, y Value) Value

	// Sum is the sum of the elements.
	Sum(x Value) Value
	// MatVec is the matrix m times the vector v, Stan's m * v: in the
	// compiler one matrix-vector product op when m is data (whose adjoint
	// is m' times the adjoint), else a dot product per row.
	MatVec(m, v Value) Value
	// LogSumExp is log Σ exp(x_i), built as one op even when x is known
	// (the kernel reduces a vector of data when it runs).
	LogSumExp(x Value) Value

	Sqrt(x Value) Value
	Lgamma(x Value) Value
	Log1mExp(x Value) Value      // log(1 - exp(x))
	LogInvLogit(x Value) Value   // log inv_logit(x)
	Log1mInvLogit(x Value) Value // log(1 - inv_logit(x))
	Lbeta(x, y Value) Value      // log B(x, y)
}

// Formula builds a family's log density over o from its arguments (the
// outcome, then the parameters); with propto it leaves out the summands
// whose arguments are all data (Stan's `~` and _lupdf).
type Formula func(o Tensors, args []Value, propto bool) Value

// FuncFormula builds a plain function's result over o from its arguments.
type FuncFormula func(o Tensors, args []Value) Value
