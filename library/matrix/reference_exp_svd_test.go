package matrix

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the matrix exponentials and the singular value
// decomposition: the exponential from gonum's mat.Dense.Exp (a Padé
// approximant of its own degree and scaling), the SVD from the symmetric
// eigendecomposition of the Gram matrices A'A and AA' (gonum's
// mat.EigenSym), not from an SVD routine.
func init() {
	nan := math.NaN()
	funcReferences["matrix_exp"] = librarytest.FuncReference{Src: "gonum mat.Dense.Exp",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{expCase(r)} },
		Value: func(_ int, a []library.Tensor) library.Tensor { return expRef(a[0], nil) },
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, nan, 0, 1)}, Want: "matrix_exp: the matrix holds NaN, but must be finite"},
			{Args: []library.Tensor{{Dims: []int{0, 0}}}, Want: "matrix_exp: the matrix has no elements"}}}
	funcReferences["matrix_exp_multiply"] = librarytest.FuncReference{Src: "gonum mat.Dense.Exp, times B",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			A := expCase(r)
			return 0, []library.Tensor{A, librarytest.RandT(r, A.Dims[0], 1+r.IntN(3))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return expRef(a[0], &a[1]) }}
	funcReferences["scale_matrix_exp_multiply"] = librarytest.FuncReference{Src: "gonum mat.Dense.Exp of t A, times B",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			A := expCase(r)
			return 0, []library.Tensor{library.Scalar(3*r.Float64() - 1.5), A, librarytest.RandT(r, A.Dims[0], 1+r.IntN(3))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			tA := library.Tensor{Dims: a[1].Dims}
			for _, x := range a[1].X {
				tA.X = append(tA.X, a[0].X[0]*x)
			}
			return expRef(tA, &a[2])
		}}
	svdCase := func(r *rand.Rand) (int, []library.Tensor) {
		return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
	}
	funcReferences["singular_values"] = librarytest.FuncReference{Src: "√ of the eigenvalues of the smaller Gram matrix (gonum mat.EigenSym), descending",
		Cases: svdCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			s, _, _ := svdRef(a[0])
			return librarytest.Vec(s...)
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(1, 1, math.Inf(1))}, Want: "singular_values: the matrix holds +Inf at [1,2], but must be finite"}}}
	funcReferences["svd_U"] = librarytest.FuncReference{Src: "eigenvectors of AA' (gonum mat.EigenSym), or A v_i/σ_i, largest element positive",
		Cases: svdCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			_, u, _ := svdRef(a[0])
			return u
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(1, nan)}, Want: "svd_U: the matrix holds NaN at [1,1]"}}}
	funcReferences["svd_V"] = librarytest.FuncReference{Src: "A'u_i/σ_i of svd_U's reference",
		Cases: svdCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			_, _, v := svdRef(a[0])
			return v
		}}
}

// expCase is a random n x n matrix, n in 1 to 4, of 1-norm up to 6: more
// than θ₁₃ = 5.37 (one squaring of a known matrix) and than 1 (squarings
// of parameters).
func expCase(r *rand.Rand) library.Tensor {
	n := 1 + r.IntN(4)
	A := librarytest.RandT(r, n, n)
	s := 0.2 + 1.3*r.Float64()
	for i := range A.X {
		A.X[i] *= s
	}
	return A
}

// expRef is gonum's exp(A), times B when B is not nil.
func expRef(A library.Tensor, B *library.Tensor) library.Tensor {
	n := A.Dims[0]
	var e mat.Dense
	e.Exp(mat.NewDense(n, n, append([]float64(nil), A.X...)))
	if B == nil {
		return librarytest.DenseT(&e)
	}
	var p mat.Dense
	p.Mul(&e, mat.NewDense(n, B.Dims[1], append([]float64(nil), B.X...)))
	return librarytest.DenseT(&p)
}

// svdRef is the thin SVD of the m x n A from the symmetric eigenproblem of
// its smaller Gram matrix: σ_i = √λ_i descending; U's columns the
// eigenvectors of AA' (m ≤ n) or A v_i/σ_i with v_i those of A'A, each
// with its largest element positive; V's A'u_i/σ_i.
func svdRef(A library.Tensor) (s []float64, U, V library.Tensor) {
	m, n := A.Dims[0], A.Dims[1]
	a := mat.NewDense(m, n, append([]float64(nil), A.X...))
	k := min(m, n)
	var g mat.Dense
	if m <= n {
		g.Mul(a, a.T())
	} else {
		g.Mul(a.T(), a)
	}
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(k, g.RawMatrix().Data), true) {
		panic("mat.EigenSym did not converge")
	}
	lam := es.Values(nil) // ascending
	var vec mat.Dense
	es.VectorsTo(&vec)
	u := mat.NewDense(m, k, nil)
	s = make([]float64, k)
	for c := range k {
		src := k - 1 - c
		s[c] = math.Sqrt(lam[src])
		col := mat.NewVecDense(k, nil)
		for i := range k {
			col.SetVec(i, vec.At(i, src))
		}
		if m > n { // u = A v / σ
			var av mat.VecDense
			av.MulVec(a, col)
			av.ScaleVec(1/s[c], &av)
			col = &av
		}
		big := 0
		for i := range m {
			if math.Abs(col.AtVec(i)) > math.Abs(col.AtVec(big)) {
				big = i
			}
		}
		sign := 1.0
		if col.AtVec(big) < 0 {
			sign = -1
		}
		for i := range m {
			u.Set(i, c, sign*col.AtVec(i))
		}
	}
	var v mat.Dense
	v.Mul(a.T(), u)
	for c := range k {
		for i := range n {
			v.Set(i, c, v.At(i, c)/s[c])
		}
	}
	return s, librarytest.DenseT(u), librarytest.DenseT(&v)
}
