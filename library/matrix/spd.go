package matrix

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// The symmetric positive-definite solvers (inverse_spd, mdivide_left_spd,
// mdivide_right_spd, log_determinant_spd): gonum's mat.Cholesky for a
// known matrix, for a matrix of parameters the Cholesky formula
// (cholesky.go) and triangular solves; both read the lower triangle only,
// so that the derivative in an element above the diagonal is 0 whichever
// branch computes it (the finite differences of the tests perturb one
// element at a time). The interpreter checks the symmetry first, as Stan
// (check_symmetric, relative 1e-8: symmetricInterp); the compiler cannot
// on values unknown when the model is compiled, as cholesky_decompose.

// knownSPD is gonum's Cholesky factorisation of the known n x n xs' lower
// triangle, refused, saying name, when it is not positive definite.
func knownSPD(o library.Tensors, name string, n int, xs []float64) *mat.Cholesky {
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(n, transposeFloats(n, n, xs))) { // the lower triangle in the upper
		o.Fail("%s: the matrix is not positive definite", name)
	}
	return &ch
}

// checkSymmetric is Stan's check_symmetric of the n x n xs: relative
// 1e-8.
func checkSymmetric(n int, xs []float64) error {
	for i := range n {
		for j := range i {
			if math.Abs(xs[i*n+j]-xs[j*n+i]) > 1e-8*math.Max(1, math.Abs(xs[i*n+j])) {
				return fmt.Errorf("the matrix is not symmetric: [%d,%d] is %g, [%d,%d] is %g", i+1, j+1, xs[i*n+j], j+1, i+1, xs[j*n+i])
			}
		}
	}
	return nil
}

// symmetricInterp is the interpreter's computation of the function name,
// whose formula is value: its argument sym checked symmetric, then the
// formula.
func symmetricInterp(name string, sym int, value library.FuncFormula) func([]library.Tensor) (library.Tensor, error) {
	return func(a []library.Tensor) (library.Tensor, error) {
		if err := checkSymmetric(a[sym].Dims[0], a[sym].X); err != nil {
			return library.Tensor{}, fmt.Errorf("%s: %v", name, err)
		}
		return library.Run(value, a)
	}
}

// cholElems is the lower Cholesky factor of the n x n A by the formula,
// as row-major scalars.
func cholElems(o library.Tensors, A library.Value) []library.Value {
	return elems(o, Cholesky(o, A))
}

// forward is L⁻¹ B for the lower triangular n x n L and the n x c B
// (row-major scalars), by forward substitution; with trans, L'⁻¹ B by back
// substitution.
func forward(o library.Tensors, n, c int, L, B []library.Value, trans bool) []library.Value {
	x := make([]library.Value, n*c)
	at := func(i, j int) library.Value { // L_ij, or L'_ij
		if trans {
			return L[j*n+i]
		}
		return L[i*n+j]
	}
	for k := 0; k < c; k++ {
		for s := 0; s < n; s++ {
			i := s
			if trans {
				i = n - 1 - s
			}
			acc := B[i*c+k]
			for t := 0; t < s; t++ {
				j := t
				if trans {
					j = n - 1 - t
				}
				acc = o.Sub(acc, o.Mul(at(i, j), x[j*c+k]))
			}
			x[i*c+k] = o.Div(acc, at(i, i))
		}
	}
	return x
}

// inverseSPD is A⁻¹ of the symmetric positive-definite A.
func inverseSPD(o library.Tensors, name string, A library.Value) library.Value {
	n := o.Dims(A)[0]
	if xs, ok := o.Known(A); ok {
		var inv mat.SymDense
		if err := knownSPD(o, name, n, xs).InverseTo(&inv); err != nil {
			o.Fail("%s: %v", name, singular(err))
		}
		out := make([]float64, n*n)
		for i := range n {
			for j := range n {
				out[i*n+j] = inv.At(i, j)
			}
		}
		return o.FromKnown([]int{n, n}, out)
	}
	id := make([]library.Value, n*n)
	for i := range id {
		id[i] = o.Const(0)
		if i/n == i%n {
			id[i] = o.Const(1)
		}
	}
	li := forward(o, n, n, cholElems(o, A), id, false) // L⁻¹
	// A⁻¹ = L⁻ᵀ L⁻¹: element (i, j) is Σ_k L⁻¹_ki L⁻¹_kj, symmetric to the bit
	out := make([]library.Value, n*n)
	for i := range n {
		for j := range n {
			acc := o.Mul(li[i], li[j])
			for k := 1; k < n; k++ {
				acc = o.Add(acc, o.Mul(li[k*n+i], li[k*n+j]))
			}
			out[i*n+j] = acc
		}
	}
	return o.FromElems([]int{n, n}, out)
}

// solveSPD is A⁻¹ B for the symmetric positive-definite A and B of A's
// rows, in B's shape.
func solveSPD(o library.Tensors, name string, A, B library.Value) library.Value {
	n, c := o.Dims(A)[0], colsOf(o, B)
	a, aKnown := o.Known(A)
	if b, ok := o.Known(B); ok && aKnown {
		var x mat.Dense
		if err := knownSPD(o, name, n, a).SolveTo(&x, mat.NewDense(n, c, append([]float64(nil), b...))); err != nil {
			o.Fail("%s: %v", name, singular(err))
		}
		return o.FromKnown(o.Dims(B), x.RawMatrix().Data)
	}
	if aKnown {
		inv := inverseSPD(o, name, A)
		if len(o.Dims(B)) == 1 {
			return o.MatVec(inv, B)
		}
		return o.MatMat(inv, B)
	}
	L := cholElems(o, A)
	y := forward(o, n, c, L, elems(o, B), false)
	return o.FromElems(o.Dims(B), forward(o, n, c, L, y, true))
}

// transposeFloats is the r x c row-major xs transposed.
func transposeFloats(r, c int, xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[j*r+i] = xs[i*c+j]
		}
	}
	return out
}
