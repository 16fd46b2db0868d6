package matrix

import (
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the products, the triangular solves, the
// determinant, the inverse and the diagonal functions: each value from
// gonum, by another routine than the formula's where gonum has one (the
// log determinant from the eigenvalues, the inverse from a solve).

// dense is the r x c gonum matrix of a tensor's elements.
// FuncReferences are the reference rows of this package's functions
// (library/librarytest.Funcs walks them).
var funcReferences = map[string]librarytest.FuncReference{}

func dense(t library.Tensor, r, c int) *mat.Dense {
	return mat.NewDense(r, c, append([]float64(nil), t.X...))
}

// Square is t as an n x n gonum matrix.
func squareOf(t library.Tensor) *mat.Dense { return dense(t, t.Dims[0], t.Dims[0]) }

// dominant is an n x n matrix with entries in (-1, 1) and n + 1 added to
// its diagonal: diagonally dominant, so elimination without pivoting is
// stable, and its lower triangle a well-conditioned triangular matrix.
func dominant(r *rand.Rand, n int) library.Tensor {
	t := librarytest.RandT(r, n, n)
	for i := range n {
		t.X[i*n+i] += float64(n + 1)
	}
	return t
}

// lowerOf is the lower triangle of the square t, as gonum's.
func lowerOf(t library.Tensor) *mat.TriDense {
	n := t.Dims[0]
	l := mat.NewTriDense(n, mat.Lower, nil)
	for i := range n {
		for j := 0; j <= i; j++ {
			l.SetTri(i, j, t.X[i*n+j])
		}
	}
	return l
}

// rowSumsOf is the sums of each row of m.
func rowSumsOf(m mat.Matrix) []float64 {
	r, _ := m.Dims()
	out := make([]float64, r)
	for i := range out {
		out[i] = floats.Sum(mat.Row(nil, i, m))
	}
	return out
}

// choleskyCrout is the lower Cholesky factor of a by the Cholesky–Crout
// algorithm, column by column (the formula goes row by row).
func choleskyCrout(a library.Tensor) library.Tensor {
	n := a.Dims[0]
	l := make([]float64, n*n)
	for j := 0; j < n; j++ {
		s := a.X[j*n+j]
		for k := 0; k < j; k++ {
			s -= l[j*n+k] * l[j*n+k]
		}
		l[j*n+j] = math.Sqrt(s)
		for i := j + 1; i < n; i++ {
			s := a.X[i*n+j]
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = s / l[j*n+j]
		}
	}
	return library.Tensor{Dims: []int{n, n}, X: l}
}

func init() {
	vecPair := func(r *rand.Rand) []library.Tensor {
		n := 1 + r.IntN(5)
		return []library.Tensor{librarytest.RandT(r, n), librarytest.RandT(r, n)}
	}
	funcReferences["dot_product"] = librarytest.FuncReference{Src: "gonum floats.Dot",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return r.IntN(5), vecPair(r) },
		Value: func(_ int, a []library.Tensor) library.Tensor { return library.Scalar(floats.Dot(a[0].X, a[1].X)) }}
	funcReferences["dot_self"] = librarytest.FuncReference{Src: "gonum floats.Dot",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			return r.IntN(2), []library.Tensor{librarytest.RandT(r, 1+r.IntN(5))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return library.Scalar(floats.Dot(a[0].X, a[0].X)) }}
	// rows_dot_product and columns_dot_product: overload 2 takes matrices;
	// of vectors, one is elementwise and the other one dot product
	rowsCols := func(elementwise int, cols bool) librarytest.FuncReference {
		return librarytest.FuncReference{Src: "gonum mat.Dense.MulElem, then sums of rows or columns",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				if o := r.IntN(3); o < 2 {
					return o, vecPair(r)
				}
				m, n := 1+r.IntN(3), 1+r.IntN(3)
				return 2, []library.Tensor{librarytest.RandT(r, m, n), librarytest.RandT(r, m, n)}
			},
			Value: func(o int, a []library.Tensor) library.Tensor {
				if o == elementwise {
					out := make([]float64, len(a[0].X))
					floats.MulTo(out, a[0].X, a[1].X)
					return librarytest.Vec(out...)
				}
				if o != 2 {
					return librarytest.Vec(floats.Dot(a[0].X, a[1].X))
				}
				var p mat.Dense
				p.MulElem(dense(a[0], a[0].Dims[0], a[0].Dims[1]), dense(a[1], a[1].Dims[0], a[1].Dims[1]))
				if cols {
					return librarytest.Vec(rowSumsOf(p.T())...)
				}
				return librarytest.Vec(rowSumsOf(&p)...)
			}}
	}
	funcReferences["rows_dot_product"] = rowsCols(0, false)
	funcReferences["columns_dot_product"] = rowsCols(1, true)
	funcReferences["rows_dot_self"] = librarytest.FuncReference{Src: "gonum floats.Dot of each row of a mat.Dense with itself",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o := r.IntN(3)
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o {
			case 0:
				n = 1
			case 1:
				m = 1
			}
			x := librarytest.RandT(r, m, n)
			x.Dims = [][]int{{m}, {n}, {m, n}}[o]
			return o, []library.Tensor{x}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			m, n := len(a[0].X), 1 // a vector: a row each element
			switch o {
			case 1:
				m, n = 1, len(a[0].X)
			case 2:
				m, n = a[0].Dims[0], a[0].Dims[1]
			}
			x := dense(a[0], m, n)
			out := make([]float64, m)
			for i := range out {
				row := mat.Row(nil, i, x)
				out[i] = floats.Dot(row, row)
			}
			return librarytest.Vec(out...)
		}}
	funcReferences["quad_form"] = librarytest.FuncReference{Src: "gonum mat.Inner and mat.Dense.Mul",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []library.Tensor{librarytest.RandT(r, n, n), librarytest.RandT(r, n)}
			}
			return 1, []library.Tensor{librarytest.RandT(r, n, n), librarytest.RandT(r, n, 1+r.IntN(3))}
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
		}}
	diagMul := func(pre bool) librarytest.FuncReference {
		return librarytest.FuncReference{Src: "gonum mat.DiagDense times mat.Dense",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, n := 1+r.IntN(3), 1+r.IntN(3)
				if pre {
					return r.IntN(2), []library.Tensor{librarytest.RandT(r, m), librarytest.RandT(r, m, n)}
				}
				return r.IntN(2), []library.Tensor{librarytest.RandT(r, m, n), librarytest.RandT(r, n)}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				var out mat.Dense
				if pre {
					out.Mul(mat.NewDiagDense(len(a[0].X), append([]float64(nil), a[0].X...)), dense(a[1], a[1].Dims[0], a[1].Dims[1]))
				} else {
					out.Mul(dense(a[0], a[0].Dims[0], a[0].Dims[1]), mat.NewDiagDense(len(a[1].X), append([]float64(nil), a[1].X...)))
				}
				return librarytest.DenseT(&out)
			}}
	}
	funcReferences["diag_pre_multiply"] = diagMul(true)
	funcReferences["diag_post_multiply"] = diagMul(false)
	funcReferences["multiply_lower_tri_self_transpose"] = librarytest.FuncReference{Src: "gonum mat.TriDense times its transpose",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(4)
			return 0, []library.Tensor{librarytest.RandT(r, n, n)}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			l := lowerOf(a[0])
			var out mat.Dense
			out.Mul(l, l.T())
			return librarytest.DenseT(&out)
		}}
	// the triangular solves: L's upper triangle holds numbers that must be
	// ignored
	funcReferences["mdivide_left_tri_low"] = librarytest.FuncReference{Src: "gonum mat.Dense.Solve on a mat.TriDense",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []library.Tensor{dominant(r, n), librarytest.RandT(r, n)}
			}
			return 1, []library.Tensor{dominant(r, n), librarytest.RandT(r, n, 1+r.IntN(3))}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			b := dense(a[1], a[1].Dims[0], len(a[1].X)/a[1].Dims[0])
			var x mat.Dense
			if err := x.Solve(lowerOf(a[0]), b); err != nil {
				panic(err)
			}
			if o == 0 {
				return librarytest.Vec(x.RawMatrix().Data...)
			}
			return librarytest.DenseT(&x)
		}}
	funcReferences["mdivide_right_tri_low"] = librarytest.FuncReference{Src: "gonum mat.Dense.Solve of L' x' = b'",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []library.Tensor{librarytest.RandT(r, n), dominant(r, n)}
			}
			return 1, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), n), dominant(r, n)}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			n := a[1].Dims[0]
			b := dense(a[0], len(a[0].X)/n, n)
			var x mat.Dense
			if err := x.Solve(lowerOf(a[1]).T(), b.T()); err != nil {
				panic(err)
			}
			if o == 0 {
				return librarytest.Vec(x.RawMatrix().Data...)
			}
			return librarytest.DenseT(x.T())
		}}
	funcReferences["log_determinant"] = librarytest.FuncReference{Src: "Σ log |λ_i|, gonum mat.Eigen",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []library.Tensor{librarytest.SymT(librarytest.RandSPD(r, n))}
			}
			return 0, []library.Tensor{dominant(r, n)}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			var e mat.Eigen
			if !e.Factorize(squareOf(a[0]), mat.EigenNone) {
				panic("no eigenvalues")
			}
			s := 0.0
			for _, l := range e.Values(nil) {
				s += math.Log(cmplx.Abs(l))
			}
			return library.Scalar(s)
		}}
	funcReferences["inverse"] = librarytest.FuncReference{Src: "gonum mat.Dense.Solve(A, I)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{dominant(r, 1+r.IntN(4))} },
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n := a[0].Dims[0]
			id := mat.NewDiagDense(n, nil)
			for i := range n {
				id.SetDiag(i, 1)
			}
			var x mat.Dense
			if err := x.Solve(squareOf(a[0]), id); err != nil {
				panic(err)
			}
			return librarytest.DenseT(&x)
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 2, 4)}, Want: "inverse: matrix singular"}}}
	funcReferences["diag_matrix"] = librarytest.FuncReference{Src: "gonum mat.DiagDense",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return librarytest.DenseT(mat.NewDiagDense(len(a[0].X), append([]float64(nil), a[0].X...)))
		}}
	funcReferences["diagonal"] = librarytest.FuncReference{Src: "gonum mat.Dense.DiagView",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			d := dense(a[0], a[0].Dims[0], a[0].Dims[1]).DiagView()
			out := make([]float64, d.Diag())
			for i := range out {
				out[i] = d.At(i, i)
			}
			return librarytest.Vec(out...)
		}}
	funcReferences["cholesky_decompose"] = librarytest.FuncReference{Src: "the Cholesky–Crout algorithm, column by column",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			return 0, []library.Tensor{librarytest.SymT(librarytest.RandSPD(r, 1+r.IntN(4)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return choleskyCrout(a[0]) },
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Mat2(2, 2, 1, 0.5, 2)}, Want: "cholesky_decompose: the covariance matrix is not symmetric at [2,1]"},
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "cholesky_decompose: the covariance matrix is not positive definite"}}}
}

func init() {
	funcReferences["quad_form_diag"] = librarytest.FuncReference{Src: "gonum mat.Dense product diag(v) m diag(v)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 2 + r.IntN(3)
			return r.IntN(2), []library.Tensor{{Dims: []int{n, n}, X: librarytest.RandVec(r, n*n).X}, librarytest.RandVec(r, n)}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n := a[0].Dims[0]
			d := mat.NewDiagDense(n, append([]float64(nil), a[1].X...))
			var dm, dmd mat.Dense
			dm.Mul(d, mat.NewDense(n, n, append([]float64(nil), a[0].X...)))
			dmd.Mul(&dm, d)
			return librarytest.DenseT(&dmd)
		}}
}
