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
	// LogSumExp is log Σ exp(x_i), built as one op even when x is known
	// (the kernel reduces a vector of data when it runs).
	LogSumExp(x Value) Value

	Sqrt(x Value) Value
	Lgamma(x Value) Value
	Log1mExp(x Value) Value      // log(1 - exp(x))
	LogInvLogit(x Value) Value   // log inv_logit(x)
	Log1mInvLogit(x Value) Value // log(1 - inv_logit(x))
	Lbeta(x, y Value) Value      // log B(x, y)
	Expm1(x Value) Value
	Tanh(x Value) Value
	Sin(x Value) Value
	Cos(x Value) Value
	Tan(x Value) Value
	Atan(x Value) Value
	Erf(x Value) Value
	Erfc(x Value) Value
	Phi(x Value) Value                                       // the standard normal CDF
	LogSumExp2(x, y Value) Value                             // log(exp(x) + exp(y)), elementwise
	Lt(x, y Value) Value                                     // 1 where x < y, else 0
	Le(x, y Value) Value                                     // 1 where x <= y, else 0
	Eq(x, y Value) Value                                     // 1 where x == y, else 0
	Ne(x, y Value) Value                                     // 1 where x != y (NaN included), else 0
	MapKnown(x Value, f func(float64) float64) (Value, bool) // f of each element of x, when x is known
	// FromKnown is the value of dims whose elements are xs, computed
	// from known values (data to the compiler).
	FromKnown(dims []int, xs []float64) Value

	// The fused ops: each is one op of the IR (or one fast path of the
	// compiler's), built as such whatever the shapes, and computed at
	// once, with the op's own arithmetic, when its arguments are known.

	// Dot is Σ x_i y_i, summed in order.
	Dot(x, y Value) Value
	// MatVec is the matrix a (r x c) times the c elements of v: a vector
	// of r, each element a dot product.
	MatVec(a, v Value) Value
	// MatMat is the matrix a (r x k) times the matrix b (k x c), column
	// by column: each column a MatVec.
	MatMat(a, b Value) Value
	// Reduce is the reduction r of x's elements (Reduction.Of).
	Reduce(r Reduction, x Value) Value
	// CumSum is the running sums of x's elements, in x's shape.
	CumSum(x Value) Value
	// LogSoftmax is x - log_sum_exp(x).
	LogSoftmax(x Value) Value
	// Softmax is exp(x) / Σ exp(x), a simplex: a compiler may compute it
	// from the exponentials of x's log-sum-exp, which exp(LogSoftmax(x))
	// would compute twice.
	Softmax(x Value) Value
	// Repeat is x repeated over dims: dimensions dims, then x's own.
	Repeat(x Value, dims []int) Value
}

// Reduction is a reduction of a container's elements to one scalar, an op
// of the IR; Of is its Go function, which the interpreter runs and the
// compiler runs on known elements.
type Reduction uint8

const (
	ReduceProd      Reduction = iota // Π x_i (Prod)
	ReduceMax                        // the largest element, NaN if any is (MaxOf)
	ReduceMin                        // the smallest element, NaN if any is (MinOf)
	ReduceLogSumExp                  // log Σ exp(x_i) (LogSumExp)
)

// Of is r of xs.
func (r Reduction) Of(xs []float64) float64 {
	return [...]func([]float64) float64{ReduceProd: Prod, ReduceMax: MaxOf, ReduceMin: MinOf, ReduceLogSumExp: LogSumExp}[r](xs)
}

// Formula builds a family's log density over o from its arguments (the
// outcome, then the parameters); with propto it leaves out the summands
// whose arguments are all data (Stan's `~` and _lupdf).
type Formula func(o Tensors, args []Value, propto bool) Value

// FuncFormula builds a plain function's result over o from its arguments.
type FuncFormula func(o Tensors, args []Value) Value
