package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"gonum.org/v1/gonum/mat"
)

// log_determinant(A) = log |det A| (Stan Functions Reference, "Linear
// algebra functions and solvers"), Σ log |U_ii| of the LU factorisation A
// = LU. A known matrix is factored with partial pivoting (gonum's
// mat.LU); a matrix of parameters by Doolittle's elimination without
// pivoting, a scalar program (Golub & Van Loan, "Matrix Computations", 4th
// ed., Alg. 3.2.1), whose pivot order cannot depend on values unknown when
// the model is compiled: exact, and stable for the diagonally dominant and
// positive definite matrices of statistical models, but a zero leading
// principal minor (a permutation matrix, say) gives -Inf or NaN.
var logDeterminant = &library.Func{
	Name:      "log_determinant",
	Doc:       "log |det A|, the log of the absolute determinant",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeReal}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		A := a[0]
		k := o.Dims(A)[0]
		if xs, ok := o.Known(A); ok {
			var lu mat.LU
			lu.Factorize(mat.NewDense(k, k, append([]float64(nil), xs...)))
			ld, _ := lu.LogDet()
			return o.FromKnown(nil, []float64{ld})
		}
		u := make([]library.Value, k*k)
		for i := range u {
			u[i] = o.Elem(A, i)
		}
		acc := o.Const(0)
		for j := 0; j < k; j++ {
			p := u[j*k+j]
			acc = o.Add(acc, o.Log(o.Fabs(p)))
			for i := j + 1; i < k; i++ {
				f := o.Div(u[i*k+j], p)
				for c := j + 1; c < k; c++ {
					u[i*k+c] = o.Sub(u[i*k+c], o.Mul(f, u[j*k+c]))
				}
			}
		}
		return acc
	},
}

func init() { registerFunc(logDeterminant) }
