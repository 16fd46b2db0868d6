package matrix

import (
	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// The QR decomposition A = QR of an m x n matrix that qr_Q, qr_R,
// qr_thin_Q and qr_thin_R take apart (Stan Functions Reference, "Linear
// algebra functions and solvers", "QR decomposition"): Householder
// reflections H_k = I - τ_k v_k v_k' with v_k's first element 1 and β_k =
// -sign(α_k) ‖x_k‖ (LAPACK's dlarfg, Eigen's makeHouseholder, so gonum's
// and Stan's reflections are the same), one per column but a last one of
// length 1; then, as Stan Math does, each of the first min(m, n) columns
// of Q and rows of R negated where R's diagonal is negative, which makes
// the thin factors the unique ones with R_ii > 0. A known matrix with m ≥
// n is factored by gonum's mat.QR (LAPACK's dgeqrf), else the reflections
// are a scalar program over Tensors (the compiler differentiates it; the
// signs are compares, constant almost everywhere).

// qrFactors are Q's first qCols columns (m x qCols) and R's first rRows
// rows (rRows x n) of the m x n matrix A; with qCols 0, R only (q is then
// not a value, nor r with rRows 0), Q's columns not built.
func qrFactors(o library.Tensors, name string, A library.Value, qCols, rRows int) (q, r library.Value) {
	d := o.Dims(A)
	m, n := d[0], d[1]
	if m == 0 || n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
	q, r = -1, -1
	if xs, ok := o.Known(A); ok && m >= n {
		var qr mat.QR
		qr.Factorize(mat.NewDense(m, n, append([]float64(nil), xs...)))
		var Q, R mat.Dense
		qr.QTo(&Q)
		qr.RTo(&R)
		for i := range min(m, n) {
			if R.At(i, i) < 0 {
				for k := range m {
					Q.Set(k, i, -Q.At(k, i))
				}
				for k := range n {
					R.Set(i, k, -R.At(i, k))
				}
			}
		}
		qs, rs := make([]float64, 0, m*qCols), make([]float64, 0, rRows*n)
		for i := range m {
			for j := range qCols {
				qs = append(qs, Q.At(i, j))
			}
		}
		for i := range rRows {
			for j := range n {
				rs = append(rs, R.At(i, j))
			}
		}
		if qCols > 0 {
			q = o.FromKnown([]int{m, qCols}, qs)
		}
		if rRows > 0 {
			r = o.FromKnown([]int{rRows, n}, rs)
		}
		return q, r
	}
	R := elems(o, A)
	zero, one := o.Const(0), o.Const(1)
	type reflector struct {
		k   int
		v   []library.Value // v_k's elements k..m-1, v[0] = 1
		tau library.Value
	}
	var hs []reflector
	for k := 0; k < min(m-1, n); k++ {
		alpha := R[k*n+k]
		ss := o.Square(alpha)
		for i := k + 1; i < m; i++ {
			ss = o.Add(ss, o.Square(R[i*n+k]))
		}
		sign := o.Sub(one, o.Mul(o.Const(2), o.Lt(alpha, zero))) // sign(α), +1 at 0
		beta := o.Neg(o.Mul(sign, o.Sqrt(ss)))
		v0 := o.Sub(alpha, beta)
		v := []library.Value{one}
		for i := k + 1; i < m; i++ {
			v = append(v, o.Div(R[i*n+k], v0))
		}
		h := reflector{k: k, v: v, tau: o.Div(o.Sub(beta, alpha), beta)}
		hs = append(hs, h)
		reflect(o, R, m, n, k+1, h.k, h.v, h.tau)
		R[k*n+k] = beta
		for i := k + 1; i < m; i++ {
			R[i*n+k] = zero
		}
	}
	// Q's first qCols columns: H_1 ... H_K applied to I's, the last first
	Q := make([]library.Value, m*qCols)
	for i := range Q {
		Q[i] = zero
		if i/qCols == i%qCols {
			Q[i] = one
		}
	}
	for s := len(hs) - 1; s >= 0; s-- {
		reflect(o, Q, m, qCols, 0, hs[s].k, hs[s].v, hs[s].tau)
	}
	for i := range min(m, n) {
		sign := o.Sub(one, o.Mul(o.Const(2), o.Lt(R[i*n+i], zero)))
		for k := range m {
			if i < qCols {
				Q[k*qCols+i] = o.Mul(Q[k*qCols+i], sign)
			}
		}
		for k := range n {
			R[i*n+k] = o.Mul(R[i*n+k], sign)
		}
	}
	if qCols > 0 {
		q = o.FromElems([]int{m, qCols}, Q)
	}
	if rRows > 0 {
		r = o.FromElems([]int{rRows, n}, R[:rRows*n])
	}
	return q, r
}

// reflect applies H = I - τ v v' (v over rows k..) to the columns from
// col on of the rows x cols row-major M, in place: w_j = Σ_i v_i M_ij,
// M_ij -= τ v_i w_j.
func reflect(o library.Tensors, M []library.Value, rows, cols, col, k int, v []library.Value, tau library.Value) {
	for j := col; j < cols; j++ {
		w := M[k*cols+j]
		for i := k + 1; i < rows; i++ {
			w = o.Add(w, o.Mul(v[i-k], M[i*cols+j]))
		}
		tw := o.Mul(tau, w)
		for i := k; i < rows; i++ {
			M[i*cols+j] = o.Sub(M[i*cols+j], o.Mul(v[i-k], tw))
		}
	}
}
