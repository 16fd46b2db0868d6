package library

import (
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// The reference rows of the products, the triangular solves, the
// determinant, the inverse and the diagonal functions: each value from
// gonum, by another routine than the formula's where gonum has one (the
// log determinant from the eigenvalues, the inverse from a solve).

// dense is the r x c gonum matrix of a tensor's elements.
func dense(t Tensor, r, c int) *mat.Dense { return mat.NewDense(r, c, append([]float64(nil), t.X...)) }

// square is t as an n x n gonum matrix.
func squareOf(t Tensor) *mat.Dense { return dense(t, t.Dims[0], t.Dims[0]) }

// dominant is an n x n matrix with entries in (-1, 1) and n + 1 added to
// its diagonal: diagonally dominant, so elimination without pivoting is
// stable, and its lower triangle a well-conditioned triangular matrix.
func dominant(r *rand.Rand, n int) Tensor {
	t := randT(r, n, n)
	for i := range n {
		t.X[i*n+i] += float64(n + 1)
	}
	return t
}

// lowerOf is the lower triangle of the square t, as gonum's.
func lowerOf(t Tensor) *mat.TriDense {
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
func choleskyCrout(a Tensor) Tensor {
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
	return Tensor{Dims: []int{n, n}, X: l}
}

func init() {
	vecPair := func(r *rand.Rand) []Tensor {
		n := 1 + r.IntN(5)
		return []Tensor{randT(r, n), randT(r, n)}
	}
	funcReferences["dot_product"] = funcReference{src: "gonum floats.Dot",
		cases: func(r *rand.Rand) (int, []Tensor) { return r.IntN(5), vecPair(r) },
		value: func(_ int, a []Tensor) Tensor { return Scalar(floats.Dot(a[0].X, a[1].X)) }}
	funcReferences["dot_self"] = funcReference{src: "gonum floats.Dot",
		cases: func(r *rand.Rand) (int, []Tensor) { return r.IntN(2), []Tensor{randT(r, 1+r.IntN(5))} },
		value: func(_ int, a []Tensor) Tensor { return Scalar(floats.Dot(a[0].X, a[0].X)) }}
	// rows_dot_product and columns_dot_product: overload 2 takes matrices;
	// of vectors, one is elementwise and the other one dot product
	rowsCols := func(elementwise int, cols bool) funcReference {
		return funcReference{src: "gonum mat.Dense.MulElem, then sums of rows or columns",
			cases: func(r *rand.Rand) (int, []Tensor) {
				if o := r.IntN(3); o < 2 {
					return o, vecPair(r)
				}
				m, n := 1+r.IntN(3), 1+r.IntN(3)
				return 2, []Tensor{randT(r, m, n), randT(r, m, n)}
			},
			value: func(o int, a []Tensor) Tensor {
				if o == elementwise {
					out := make([]float64, len(a[0].X))
					floats.MulTo(out, a[0].X, a[1].X)
					return vec(out...)
				}
				if o != 2 {
					return vec(floats.Dot(a[0].X, a[1].X))
				}
				var p mat.Dense
				p.MulElem(dense(a[0], a[0].Dims[0], a[0].Dims[1]), dense(a[1], a[1].Dims[0], a[1].Dims[1]))
				if cols {
					return vec(rowSumsOf(p.T())...)
				}
				return vec(rowSumsOf(&p)...)
			}}
	}
	funcReferences["rows_dot_product"] = rowsCols(0, false)
	funcReferences["columns_dot_product"] = rowsCols(1, true)
	funcReferences["quad_form"] = funcReference{src: "gonum mat.Inner and mat.Dense.Mul",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []Tensor{randT(r, n, n), randT(r, n)}
			}
			return 1, []Tensor{randT(r, n, n), randT(r, n, 1+r.IntN(3))}
		},
		value: func(o int, a []Tensor) Tensor {
			A := squareOf(a[0])
			if o == 0 {
				v := mat.NewVecDense(len(a[1].X), append([]float64(nil), a[1].X...))
				return Scalar(mat.Inner(v, A, v))
			}
			B := dense(a[1], a[1].Dims[0], a[1].Dims[1])
			var ab, bab mat.Dense
			ab.Mul(A, B)
			bab.Mul(B.T(), &ab)
			return denseT(&bab)
		}}
	diagMul := func(pre bool) funcReference {
		return funcReference{src: "gonum mat.DiagDense times mat.Dense",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, n := 1+r.IntN(3), 1+r.IntN(3)
				if pre {
					return r.IntN(2), []Tensor{randT(r, m), randT(r, m, n)}
				}
				return r.IntN(2), []Tensor{randT(r, m, n), randT(r, n)}
			},
			value: func(_ int, a []Tensor) Tensor {
				var out mat.Dense
				if pre {
					out.Mul(mat.NewDiagDense(len(a[0].X), append([]float64(nil), a[0].X...)), dense(a[1], a[1].Dims[0], a[1].Dims[1]))
				} else {
					out.Mul(dense(a[0], a[0].Dims[0], a[0].Dims[1]), mat.NewDiagDense(len(a[1].X), append([]float64(nil), a[1].X...)))
				}
				return denseT(&out)
			}}
	}
	funcReferences["diag_pre_multiply"] = diagMul(true)
	funcReferences["diag_post_multiply"] = diagMul(false)
	funcReferences["multiply_lower_tri_self_transpose"] = funcReference{src: "gonum mat.TriDense times its transpose",
		cases: func(r *rand.Rand) (int, []Tensor) { n := 1 + r.IntN(4); return 0, []Tensor{randT(r, n, n)} },
		value: func(_ int, a []Tensor) Tensor {
			l := lowerOf(a[0])
			var out mat.Dense
			out.Mul(l, l.T())
			return denseT(&out)
		}}
	// the triangular solves: L's upper triangle holds numbers that must be
	// ignored
	funcReferences["mdivide_left_tri_low"] = funcReference{src: "gonum mat.Dense.Solve on a mat.TriDense",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []Tensor{dominant(r, n), randT(r, n)}
			}
			return 1, []Tensor{dominant(r, n), randT(r, n, 1+r.IntN(3))}
		},
		value: func(o int, a []Tensor) Tensor {
			b := dense(a[1], a[1].Dims[0], len(a[1].X)/a[1].Dims[0])
			var x mat.Dense
			if err := x.Solve(lowerOf(a[0]), b); err != nil {
				panic(err)
			}
			if o == 0 {
				return vec(x.RawMatrix().Data...)
			}
			return denseT(&x)
		}}
	funcReferences["mdivide_right_tri_low"] = funcReference{src: "gonum mat.Dense.Solve of L' x' = b'",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []Tensor{randT(r, n), dominant(r, n)}
			}
			return 1, []Tensor{randT(r, 1+r.IntN(3), n), dominant(r, n)}
		},
		value: func(o int, a []Tensor) Tensor {
			n := a[1].Dims[0]
			b := dense(a[0], len(a[0].X)/n, n)
			var x mat.Dense
			if err := x.Solve(lowerOf(a[1]).T(), b.T()); err != nil {
				panic(err)
			}
			if o == 0 {
				return vec(x.RawMatrix().Data...)
			}
			return denseT(x.T())
		}}
	funcReferences["log_determinant"] = funcReference{src: "Σ log |λ_i|, gonum mat.Eigen",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 1 + r.IntN(4)
			if r.IntN(2) == 0 {
				return 0, []Tensor{symT(randSPD(r, n))}
			}
			return 0, []Tensor{dominant(r, n)}
		},
		value: func(_ int, a []Tensor) Tensor {
			var e mat.Eigen
			if !e.Factorize(squareOf(a[0]), mat.EigenNone) {
				panic("no eigenvalues")
			}
			s := 0.0
			for _, l := range e.Values(nil) {
				s += math.Log(cmplx.Abs(l))
			}
			return Scalar(s)
		}}
	funcReferences["inverse"] = funcReference{src: "gonum mat.Dense.Solve(A, I)",
		cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{dominant(r, 1+r.IntN(4))} },
		value: func(_ int, a []Tensor) Tensor {
			n := a[0].Dims[0]
			id := mat.NewDiagDense(n, nil)
			for i := range n {
				id.SetDiag(i, 1)
			}
			var x mat.Dense
			if err := x.Solve(squareOf(a[0]), id); err != nil {
				panic(err)
			}
			return denseT(&x)
		},
		bad: []badCall{{args: []Tensor{mat2(2, 1, 2, 2, 4)}, want: "inverse: matrix singular"}}}
	funcReferences["diag_matrix"] = funcReference{src: "gonum mat.DiagDense",
		cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{randT(r, 1+r.IntN(4))} },
		value: func(_ int, a []Tensor) Tensor {
			return denseT(mat.NewDiagDense(len(a[0].X), append([]float64(nil), a[0].X...)))
		}}
	funcReferences["diagonal"] = funcReference{src: "gonum mat.Dense.DiagView",
		cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{randT(r, 1+r.IntN(4), 1+r.IntN(4))} },
		value: func(_ int, a []Tensor) Tensor {
			d := dense(a[0], a[0].Dims[0], a[0].Dims[1]).DiagView()
			out := make([]float64, d.Diag())
			for i := range out {
				out[i] = d.At(i, i)
			}
			return vec(out...)
		}}
	funcReferences["cholesky_decompose"] = funcReference{src: "the Cholesky–Crout algorithm, column by column",
		cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{symT(randSPD(r, 1+r.IntN(4)))} },
		value: func(_ int, a []Tensor) Tensor { return choleskyCrout(a[0]) },
		bad: []badCall{
			{args: []Tensor{mat2(2, 2, 1, 0.5, 2)}, want: "cholesky_decompose: the covariance matrix is not symmetric at [2,1]"},
			{args: []Tensor{mat2(2, 1, 2, 2, 1)}, want: "cholesky_decompose: the covariance matrix is not positive definite"}}}
}

func init() {
	funcReferences["quad_form_diag"] = funcReference{src: "gonum mat.Dense product diag(v) m diag(v)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 2 + r.IntN(3)
			return r.IntN(2), []Tensor{{Dims: []int{n, n}, X: randVec(r, n*n).X}, randVec(r, n)}
		},
		value: func(_ int, a []Tensor) Tensor {
			n := a[0].Dims[0]
			d := mat.NewDiagDense(n, append([]float64(nil), a[1].X...))
			var dm, dmd mat.Dense
			dm.Mul(d, mat.NewDense(n, n, append([]float64(nil), a[0].X...)))
			dmd.Mul(&dm, d)
			return denseT(&dmd)
		}}
}
