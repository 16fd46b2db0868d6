package matrix

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the QR decomposition: the thin factors by
// classical Gram–Schmidt on the first min(m, n) columns (Golub & Van
// Loan, "Matrix Computations", 4th ed., section 5.2.7), R = Q'A, which
// makes R's diagonal positive, as Stan's are (not Householder, as the
// function's); the fat Q's further columns from gonum's mat.QR (LAPACK's
// dgeqrf, whose reflections are Eigen's), the fat R the thin one over rows
// of zeros.

// gramSchmidt is the thin QR of the m x n t: Q (m x k) and R (k x n), k
// = min(m, n).
func gramSchmidt(t library.Tensor) (q, r *mat.Dense) {
	m, n := t.Dims[0], t.Dims[1]
	k := min(m, n)
	a := dense(t, m, n)
	q = mat.NewDense(m, k, nil)
	for j := range k {
		v := mat.VecDenseCopyOf(a.ColView(j))
		for i := range j {
			v.AddScaledVec(v, -mat.Dot(q.ColView(i), a.ColView(j)), q.ColView(i))
		}
		v.ScaleVec(1/math.Sqrt(mat.Dot(v, v)), v)
		q.SetCol(j, v.RawVector().Data)
	}
	r = mat.NewDense(k, n, nil)
	r.Mul(q.T(), a)
	for i := range k { // exactly upper triangular
		for j := range i {
			r.Set(i, j, 0)
		}
	}
	return q, r
}

// qrCase is an m x n matrix, m and n 1 to 4, entries in (-1, 1).
func qrCase(r *rand.Rand) (int, []library.Tensor) {
	return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4), 1+r.IntN(4))}
}

func init() {
	empty := []librarytest.BadCall{{Args: []library.Tensor{{Dims: []int{0, 2}}}, Want: "the matrix has no elements"}}
	funcReferences["qr_thin_Q"] = librarytest.FuncReference{Src: "classical Gram–Schmidt", Cases: qrCase, Bad: empty,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			q, _ := gramSchmidt(a[0])
			return librarytest.DenseT(q)
		}}
	funcReferences["qr_thin_R"] = librarytest.FuncReference{Src: "classical Gram–Schmidt, R = Q'A", Cases: qrCase, Bad: empty,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			_, r := gramSchmidt(a[0])
			return librarytest.DenseT(r)
		}}
	funcReferences["qr_R"] = librarytest.FuncReference{Src: "classical Gram–Schmidt, R = Q'A, over rows of zeros", Cases: qrCase, Bad: empty,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			_, r := gramSchmidt(a[0])
			m, n := a[0].Dims[0], a[0].Dims[1]
			out := mat.NewDense(m, n, nil)
			out.Slice(0, min(m, n), 0, n).(*mat.Dense).Copy(r)
			return librarytest.DenseT(out)
		}}
	funcReferences["qr_Q"] = librarytest.FuncReference{Src: "classical Gram–Schmidt, then gonum mat.QR's further columns", Cases: qrCase, Bad: empty,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			q, _ := gramSchmidt(a[0])
			m, n := a[0].Dims[0], a[0].Dims[1]
			out := mat.NewDense(m, m, nil)
			out.Slice(0, m, 0, min(m, n)).(*mat.Dense).Copy(q)
			if m > n {
				var qr mat.QR
				qr.Factorize(dense(a[0], m, n))
				var full mat.Dense
				qr.QTo(&full)
				out.Slice(0, m, n, m).(*mat.Dense).Copy(full.Slice(0, m, n, m))
			}
			return librarytest.DenseT(out)
		}}
}
