package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// log_determinant_spd(A) = log det A of a symmetric positive-definite A
// (Stan Functions Reference, "Linear algebra functions and solvers"), 2 Σ
// log L_ii of its Cholesky factor L: gonum's for a known A, after Stan's
// checks; the Cholesky formula (cholesky.go) for an A of parameters.
var logDeterminantSpd = &library.Func{
	Name:      "log_determinant_spd",
	Doc:       "log det A of a symmetric positive-definite matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeReal}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value:     logDeterminantSpdValue,
	Interp:    symmetricInterp("log_determinant_spd", 0, logDeterminantSpdValue),
}

func init() { registerFunc(logDeterminantSpd) }

func logDeterminantSpdValue(o library.Tensors, a []library.Value) library.Value {
	A := a[0]
	n := o.Dims(A)[0]
	if xs, ok := o.Known(A); ok {
		return o.FromKnown(nil, []float64{knownSPD(o, "log_determinant_spd", n, xs).LogDet()})
	}
	if n == 0 {
		return o.Const(0)
	}
	L := cholElems(o, A)
	acc := o.Log(L[0])
	for i := 1; i < n; i++ {
		acc = o.Add(acc, o.Log(L[i*n+i]))
	}
	return o.Mul(o.Const(2), acc)
}
