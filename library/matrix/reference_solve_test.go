package matrix

import (
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the general and symmetric positive-definite
// solvers, the determinants and the products of issue 15: each value from
// gonum by another routine than the function's (a QR solve for an LU one,
// an LU solve for a Cholesky one, eigenvalues for a determinant), or from
// loops written from the Functions Reference.

// qrSolve is A⁻¹ B by gonum's mat.QR (Householder, not the LU of
// mdivide_left's known path nor its elimination).
func qrSolve(A, B mat.Matrix) *mat.Dense {
	var qr mat.QR
	qr.Factorize(A)
	var x mat.Dense
	if err := qr.SolveTo(&x, false, B); err != nil {
		panic(err)
	}
	return &x
}

// shapeOf is m as a tensor of dims: a vector's or a row vector's elements,
// or the matrix.
func shapeOf(m mat.Matrix, dims []int) library.Tensor {
	t := librarytest.DenseT(m)
	t.Dims = dims
	return t
}

// spd is a symmetric positive-definite matrix of order n.
func spd(r *rand.Rand, n int) library.Tensor { return librarytest.SymT(librarytest.RandSPD(r, n)) }

// divideCases are the cases of a division: A square of order 1 to 4 (by
// a), and B a vector (left) or row vector (right), or a matrix.
func divideCases(a func(*rand.Rand, int) library.Tensor, left bool) func(r *rand.Rand) (int, []library.Tensor) {
	return func(r *rand.Rand) (int, []library.Tensor) {
		n, o := 1+r.IntN(4), r.IntN(2)
		A := a(r, n)
		B := librarytest.RandT(r, n)
		if o == 1 && left {
			B = librarytest.RandT(r, n, 1+r.IntN(3))
		} else if o == 1 {
			B = librarytest.RandT(r, 1+r.IntN(3), n)
		}
		if left {
			return o, []library.Tensor{A, B}
		}
		return o, []library.Tensor{B, A}
	}
}

// leftValue is A⁻¹ B by a QR solve; rightValue is B A⁻¹, as (A' \ B')'.
func leftValue(_ int, a []library.Tensor) library.Tensor {
	n := a[0].Dims[0]
	return shapeOf(qrSolve(squareOf(a[0]), dense(a[1], n, len(a[1].X)/n)), a[1].Dims)
}

func rightValue(_ int, a []library.Tensor) library.Tensor {
	n := a[1].Dims[0]
	x := qrSolve(squareOf(a[1]).T(), dense(a[0], len(a[0].X)/n, n).T())
	return shapeOf(x.T(), a[0].Dims)
}

// eigenValues are the eigenvalues of the square t, by gonum's general
// solver.
func eigenValues(t library.Tensor) []complex128 {
	var e mat.Eigen
	if !e.Factorize(squareOf(t), mat.EigenNone) {
		panic("no eigenvalues")
	}
	return e.Values(nil)
}

// notSPD are the bad arguments of a function of a symmetric
// positive-definite matrix, with any further arguments.
func notSPD(name string, overload int, more ...library.Tensor) []librarytest.BadCall {
	return []librarytest.BadCall{
		{Overload: overload, Args: append([]library.Tensor{librarytest.Mat2(2, 2, 1, 0.5, 2)}, more...), Want: name + ": the matrix is not symmetric: [2,1] is 0.5, [1,2] is 1"},
		{Overload: overload, Args: append([]library.Tensor{librarytest.Mat2(2, 1, 2, 2, 1)}, more...), Want: name + ": the matrix is not positive definite"},
	}
}

// rightArgs puts B before A for the right divisions' bad calls.
func rightArgs(bs []librarytest.BadCall) []librarytest.BadCall {
	for i := range bs {
		bs[i].Args = []library.Tensor{bs[i].Args[1], bs[i].Args[0]}
	}
	return bs
}

func init() {
	singular := librarytest.Mat2(2, 1, 2, 2, 4)
	for name, ref := range map[string]librarytest.FuncReference{
		"mdivide_left": {Src: "gonum mat.QR.SolveTo", Cases: divideCases(dominant, true), Value: leftValue,
			Bad: []librarytest.BadCall{{Args: []library.Tensor{singular, librarytest.Vec(1, 2)}, Want: "mdivide_left: matrix singular"}}},
		"mdivide_right": {Src: "gonum mat.QR.SolveTo of A' x' = B'", Cases: divideCases(dominant, false), Value: rightValue,
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Vec(1, 2), singular}, Want: "mdivide_right: matrix singular"}}},
		"mdivide_left_spd": {Src: "gonum mat.QR.SolveTo", Cases: divideCases(spd, true), Value: leftValue,
			Bad: notSPD("mdivide_left_spd", 0, librarytest.Vec(1, 2))},
		"mdivide_right_spd": {Src: "gonum mat.QR.SolveTo of A' x' = B'", Cases: divideCases(spd, false), Value: rightValue,
			Bad: rightArgs(notSPD("mdivide_right_spd", 0, librarytest.Vec(1, 2)))},
		"inverse_spd": {Src: "gonum mat.Dense.Inverse (LU)",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{spd(r, 1+r.IntN(4))} },
			Value: func(_ int, a []library.Tensor) library.Tensor {
				var inv mat.Dense
				if err := inv.Inverse(squareOf(a[0])); err != nil {
					panic(err)
				}
				return librarytest.DenseT(&inv)
			},
			Bad: notSPD("inverse_spd", 0)},
		"log_determinant_spd": {Src: "Σ log λ_i, gonum mat.Eigen",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{spd(r, 1+r.IntN(4))} },
			Value: func(_ int, a []library.Tensor) library.Tensor {
				s := 0.0
				for _, l := range eigenValues(a[0]) {
					s += math.Log(real(l))
				}
				return library.Scalar(s)
			},
			Bad: notSPD("log_determinant_spd", 0)},
		"determinant": {Src: "Π λ_i, gonum mat.Eigen",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := 1 + r.IntN(4)
				if r.IntN(2) == 0 {
					return 0, []library.Tensor{spd(r, n)}
				}
				return 0, []library.Tensor{dominant(r, n)}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				p := complex(1, 0)
				for _, l := range eigenValues(a[0]) {
					p *= l
				}
				if math.Abs(imag(p)) > 1e-9*cmplx.Abs(p) {
					panic("a complex determinant")
				}
				return library.Scalar(real(p))
			}},
		"trace": {Src: "gonum mat.Trace of the leading square block",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				k := min(a[0].Dims[0], a[0].Dims[1])
				return library.Scalar(mat.Trace(dense(a[0], a[0].Dims[0], a[0].Dims[1]).Slice(0, k, 0, k)))
			}},
		"crossprod": {Src: "gonum mat.Dense.Mul(x', x)",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				x := dense(a[0], a[0].Dims[0], a[0].Dims[1])
				var p mat.Dense
				p.Mul(x.T(), x)
				return librarytest.DenseT(&p)
			}},
		"tcrossprod": {Src: "gonum mat.Dense.Mul(x, x')",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				x := dense(a[0], a[0].Dims[0], a[0].Dims[1])
				var p mat.Dense
				p.Mul(x, x.T())
				return librarytest.DenseT(&p)
			}},
		"quad_form_sym": {Src: "gonum mat.Inner and mat.Dense.Mul",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := 1 + r.IntN(4)
				if r.IntN(2) == 0 {
					return 0, []library.Tensor{spd(r, n), librarytest.RandT(r, n)}
				}
				return 1, []library.Tensor{spd(r, n), librarytest.RandT(r, n, 1+r.IntN(3))}
			},
			Value: func(o int, a []library.Tensor) library.Tensor {
				A := squareOf(a[0])
				if o == 0 {
					v := mat.NewVecDense(len(a[1].X), append([]float64(nil), a[1].X...))
					return library.Scalar(mat.Inner(v, A, v))
				}
				B := dense(a[1], a[1].Dims[0], a[1].Dims[1])
				var ab, bab mat.Dense
				ab.Mul(A, B)
				bab.Mul(B.T(), &ab)
				return librarytest.DenseT(&bab)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 2, 1, 0.5, 2), librarytest.Vec(1, 2)}, Want: "quad_form_sym: the matrix is not symmetric"}}},
		"trace_quad_form": {Src: "gonum mat.Trace of mat.Dense products B' A B",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := 1 + r.IntN(4)
				return 0, []library.Tensor{librarytest.RandT(r, n, n), librarytest.RandT(r, n, 1+r.IntN(3))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				B := dense(a[1], a[1].Dims[0], a[1].Dims[1])
				var ab, bab mat.Dense
				ab.Mul(squareOf(a[0]), B)
				bab.Mul(B.T(), &ab)
				return library.Scalar(mat.Trace(&bab))
			}},
		"add_diag": {Src: "loops: m_ii + d or d_i (Functions Reference, \"Diagonal matrix functions\")",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m := librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))
				k := min(m.Dims[0], m.Dims[1])
				switch o := r.IntN(3); o {
				case 0:
					return 0, []library.Tensor{m, library.Scalar(2*r.Float64() - 1)}
				case 1:
					m = librarytest.RandT(r, k, k)
					return 1, []library.Tensor{m, librarytest.RandT(r, k)}
				default:
					return 2, []library.Tensor{librarytest.RandT(r, k, k), librarytest.RandT(r, k)}
				}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				c := a[0].Dims[1]
				out := library.Tensor{Dims: a[0].Dims, X: append([]float64(nil), a[0].X...)}
				for i := range min(a[0].Dims[0], c) {
					out.X[i*c+i] += a[1].X[min(i, len(a[1].X)-1)]
				}
				return out
			},
			Bad: []librarytest.BadCall{{Overload: 1, Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4), librarytest.Vec(1, 2, 3)}, Want: "add_diag: the diagonal has 2 elements, the vector to add 3"}}},
		"identity_matrix": {Src: "gonum mat.NewDiagDense of ones",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				return 0, []library.Tensor{library.Scalar(float64(r.IntN(5)))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				k := int(a[0].X[0])
				if k == 0 {
					return library.Tensor{Dims: []int{0, 0}}
				}
				d := mat.NewDiagDense(k, nil)
				for i := range k {
					d.SetDiag(i, 1)
				}
				return librarytest.DenseT(d)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(-1)}, Want: "identity_matrix: the int argument must not be negative; found -1"}}},
		"symmetrize_from_lower_tri": {Src: "gonum mat.SymDense of the transpose's upper triangle",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := 1 + r.IntN(4)
				return 0, []library.Tensor{librarytest.RandT(r, n, n)}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				n := a[0].Dims[0]
				var t mat.Dense
				t.CloneFrom(squareOf(a[0]).T()) // the lower triangle in the upper
				return librarytest.SymT(mat.NewSymDense(n, t.RawMatrix().Data))
			}},
		"matrix_power": {Src: "gonum mat.Dense.Pow",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := 1 + r.IntN(3)
				return 0, []library.Tensor{librarytest.RandT(r, n, n), library.Scalar(float64(r.IntN(5)))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				var p mat.Dense
				p.Pow(squareOf(a[0]), int(a[1].X[0]))
				return librarytest.DenseT(&p)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(1, 2), library.Scalar(-1)}, Want: "matrix_power: the int argument must not be negative"}}},
	} {
		funcReferences[name] = ref
	}
}
