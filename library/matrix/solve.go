package matrix

import (
	"errors"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// The solvers that the general and the symmetric positive-definite
// divisions, the inverse and the determinants share: gonum's, for known
// matrices (data, or what the interpreter computes), and scalar programs
// over Tensors for matrices of parameters, whose gradient the compiler
// takes through their ops.

// elems is x's elements, row-major, as scalars.
func elems(o library.Tensors, x library.Value) []library.Value {
	n := library.NumElems(o.Dims(x))
	out := make([]library.Value, n)
	for i := range out {
		out[i] = o.Elem(x, i)
	}
	return out
}

// colsOf is the number of columns of b, a vector's 1.
func colsOf(o library.Tensors, b library.Value) int {
	if d := o.Dims(b); len(d) == 2 {
		return d[1]
	}
	return 1
}

// eliminate solves A X = B for the n x n A and the n x c B (row-major
// scalars) by Gaussian elimination without pivoting, then back
// substitution (Golub & Van Loan, "Matrix Computations", 4th ed., Algs.
// 3.2.1 and 3.1.2): a scalar program whose pivot order cannot depend on
// values unknown when the model is compiled, exact and stable for the
// positive definite and diagonally dominant matrices of statistical
// models; a zero leading principal minor gives Inf or NaN. It returns X
// and the pivots U_jj, whose product is det A.
func eliminate(o library.Tensors, n, c int, A, B []library.Value) (x, pivots []library.Value) {
	u := append([]library.Value(nil), A...)
	b := append([]library.Value(nil), B...)
	pivots = make([]library.Value, n)
	for j := 0; j < n; j++ {
		p := u[j*n+j]
		pivots[j] = p
		for i := j + 1; i < n; i++ {
			f := o.Div(u[i*n+j], p)
			for k := j + 1; k < n; k++ {
				u[i*n+k] = o.Sub(u[i*n+k], o.Mul(f, u[j*n+k]))
			}
			for k := 0; k < c; k++ {
				b[i*c+k] = o.Sub(b[i*c+k], o.Mul(f, b[j*c+k]))
			}
		}
	}
	x = make([]library.Value, n*c)
	for k := 0; k < c; k++ {
		for i := n - 1; i >= 0; i-- {
			acc := b[i*c+k]
			for j := i + 1; j < n; j++ {
				acc = o.Sub(acc, o.Mul(u[i*n+j], x[j*c+k]))
			}
			x[i*c+k] = o.Div(acc, u[i*n+i])
		}
	}
	return x, pivots
}

// transposeElems is the r x c row-major xs transposed.
func transposeElems(r, c int, xs []library.Value) []library.Value {
	out := make([]library.Value, len(xs))
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[j*r+i] = xs[i*c+j]
		}
	}
	return out
}

// solveLeft is A⁻¹ B for the square A and B of A's rows (a vector or a
// matrix), in B's shape: gonum's LU with partial pivoting when both are
// known (a singular A refused, saying name); A⁻¹ from gonum times B when
// only A is; else eliminate.
func solveLeft(o library.Tensors, name string, A, B library.Value) library.Value {
	n, c := o.Dims(A)[0], colsOf(o, B)
	a, aKnown := o.Known(A)
	if b, ok := o.Known(B); ok && aKnown {
		var x mat.Dense
		if err := x.Solve(mat.NewDense(n, n, append([]float64(nil), a...)), mat.NewDense(n, c, append([]float64(nil), b...))); err != nil {
			o.Fail("%s: %v", name, singular(err))
		}
		return o.FromKnown(o.Dims(B), x.RawMatrix().Data)
	}
	if aKnown {
		inv, err := invert(n, a)
		if err != nil {
			o.Fail("%s: %v", name, err)
		}
		if c == 1 && len(o.Dims(B)) == 1 {
			return o.MatVec(o.FromKnown([]int{n, n}, inv), B)
		}
		return o.MatMat(o.FromKnown([]int{n, n}, inv), B)
	}
	x, _ := eliminate(o, n, c, elems(o, A), elems(o, B))
	return o.FromElems(o.Dims(B), x)
}

// solveRight is B A⁻¹ for the square A and B of A's columns (a row vector
// or a matrix), as (A' \ B')'.
func solveRight(o library.Tensors, name string, B, A library.Value) library.Value {
	n := o.Dims(A)[0]
	r := library.NumElems(o.Dims(B)) / n
	Bt := funcs.Transposed(o, o.Reshape(B, []int{r, n}))
	x := solveLeft(o, name, funcs.Transposed(o, A), Bt)
	return o.Reshape(funcs.Transposed(o, x), o.Dims(B))
}

// singular is gonum's error of a singular or nearly singular solve, in
// the words of inverse's.
func singular(err error) error {
	var c mat.Condition
	if errors.As(err, &c) {
		return errors.New("matrix singular or near-singular")
	}
	return err
}
