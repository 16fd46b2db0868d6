package matrix

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// inverse(A) = A⁻¹ (Stan Functions Reference, "Linear algebra functions
// and solvers"). A known matrix is inverted by gonum (LU with partial
// pivoting), a singular one refused; a matrix of parameters by
// Gauss–Jordan elimination without pivoting on [A | I] (Golub & Van Loan,
// "Matrix Computations", 4th ed., section 3.2), a scalar program whose
// pivot order cannot depend on values unknown when the model is compiled:
// exact for the positive definite and diagonally dominant matrices of
// statistical models, Inf or NaN where a leading principal minor is 0.
var inverse = &library.Func{
	Name:      "inverse",
	Doc:       "the inverse of a square matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		A := a[0]
		n := o.Dims(A)[0]
		if xs, ok := o.Known(A); ok {
			inv, err := invert(n, xs)
			if err != nil {
				o.Fail("inverse: %v", err)
			}
			return o.FromKnown([]int{n, n}, inv)
		}
		m, inv := make([]library.Value, n*n), make([]library.Value, n*n)
		zero, one := o.Const(0), o.Const(1)
		for i := range m {
			m[i] = o.Elem(A, i)
			inv[i] = zero
			if i/n == i%n {
				inv[i] = one
			}
		}
		for j := 0; j < n; j++ {
			p := m[j*n+j]
			for c := 0; c < n; c++ {
				if c > j {
					m[j*n+c] = o.Div(m[j*n+c], p)
				}
				inv[j*n+c] = o.Div(inv[j*n+c], p)
			}
			for i := 0; i < n; i++ {
				if i == j {
					continue
				}
				f := m[i*n+j]
				for c := 0; c < n; c++ {
					if c > j {
						m[i*n+c] = o.Sub(m[i*n+c], o.Mul(f, m[j*n+c]))
					}
					inv[i*n+c] = o.Sub(inv[i*n+c], o.Mul(f, inv[j*n+c]))
				}
			}
		}
		return o.FromElems([]int{n, n}, inv)
	},
}

func init() { registerFunc(inverse) }

// invert is the inverse of the n x n matrix xs by gonum's mat.Dense.Inverse.
func invert(n int, xs []float64) ([]float64, error) {
	var inv mat.Dense
	if err := inv.Inverse(mat.NewDense(n, n, append([]float64(nil), xs...))); err != nil {
		return nil, fmt.Errorf("%v", err)
	}
	return inv.RawMatrix().Data, nil
}
