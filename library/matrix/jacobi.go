package matrix

import (
	"math/bits"

	"github.com/bayes-dev/bayes/library"
)

// The symmetric eigendecomposition of a matrix of parameters, as a scalar
// program over Tensors whose gradient the compiler takes through its ops:
// the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations", 4th
// ed., Algs. 8.5.1-8.5.3; the rotation as in Numerical Recipes' jacobi),
// a fixed number of sweeps, since the program cannot test convergence.
// The cyclic method converges quadratically (G&VL §8.5.4), so jacobiSweeps
// sweeps leave off-diagonal elements at rounding level for the small
// matrices of statistical models; the derivatives of the diagonal then are
// v_i' dA v_i, Stan's dλ_i = v_i' dA v_i, up to the same rounding. The
// matrix is read from its lower triangle (Eigen's SelfAdjointEigenSolver
// reads that one too). Eigenvalues that coincide have no derivative; the
// rotation of a block that is already diagonal is guarded, so their
// gradient is finite, not NaN.

// jacobiSweeps is the number of sweeps for an n x n matrix: 8 and one per
// doubling of n.
func jacobiSweeps(n int) int { return 8 + bits.Len(uint(n)) }

// jacobiEigen is the eigendecomposition of the n x n symmetric A: the
// eigenvalues ascending, and the eigenvectors as the columns of a
// row-major matrix in the same order, each signed as symEigen signs them
// (its element of largest magnitude, the first of equal ones, positive).
func jacobiEigen(o library.Tensors, A library.Value, n int) (vals, vecs []library.Value) {
	zero, one, half := o.Const(0), o.Const(1), o.Const(0.5)
	a := make([]library.Value, n*n)
	v := make([]library.Value, n*n)
	for i := range n {
		for j := range n {
			a[i*n+j] = o.Elem(A, max(i, j)*n+min(i, j))
			v[i*n+j] = zero
		}
		v[i*n+i] = one
	}
	for range jacobiSweeps(n) {
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				apq := a[p*n+q]
				// t = tan θ, the smaller root: sgn(d) a_pq/(|d| + √(d² + a_pq²)),
				// d = (a_qq - a_pp)/2, sgn(0) = 1; the radius is 1 where d = a_pq = 0,
				// which gives t = 0 (nothing to rotate) with finite derivatives
				d := o.Mul(half, o.Sub(a[q*n+q], a[p*n+p]))
				r2 := o.Add(o.Square(d), o.Square(apq))
				r := o.Sqrt(o.Add(r2, o.Eq(r2, zero)))
				sgn := o.Sub(one, o.Mul(o.Const(2), o.Lt(d, zero)))
				t := o.Div(o.Mul(sgn, apq), o.Add(o.Fabs(d), r))
				c := o.Inv(o.Sqrt(o.Add(one, o.Square(t))))
				s := o.Mul(t, c)
				tapq := o.Mul(t, apq)
				a[p*n+p] = o.Sub(a[p*n+p], tapq)
				a[q*n+q] = o.Add(a[q*n+q], tapq)
				a[p*n+q], a[q*n+p] = zero, zero
				for k := range n {
					if k != p && k != q {
						akp, akq := a[k*n+p], a[k*n+q]
						a[k*n+p] = o.Sub(o.Mul(c, akp), o.Mul(s, akq))
						a[k*n+q] = o.Add(o.Mul(s, akp), o.Mul(c, akq))
						a[p*n+k], a[q*n+k] = a[k*n+p], a[k*n+q]
					}
					vkp, vkq := v[k*n+p], v[k*n+q]
					v[k*n+p] = o.Sub(o.Mul(c, vkp), o.Mul(s, vkq))
					v[k*n+q] = o.Add(o.Mul(s, vkp), o.Mul(c, vkq))
				}
			}
		}
	}
	vals = make([]library.Value, n)
	for i := range n {
		vals[i] = a[i*n+i]
	}
	// ascending, by odd-even transposition (n rounds of compare-exchanges
	// of neighbours, Knuth TAOCP 3, §5.3.4), the columns with them
	for round := range n {
		for i := round % 2; i+1 < n; i += 2 {
			sw := o.Lt(vals[i+1], vals[i])
			vals[i], vals[i+1] = o.Select(sw, vals[i+1], vals[i]), o.Select(sw, vals[i], vals[i+1])
			for k := range n {
				x, y := v[k*n+i], v[k*n+i+1]
				v[k*n+i], v[k*n+i+1] = o.Select(sw, y, x), o.Select(sw, x, y)
			}
		}
	}
	for c := range n {
		big := v[c]
		for i := 1; i < n; i++ {
			big = o.Select(o.Lt(o.Fabs(big), o.Fabs(v[i*n+c])), v[i*n+c], big)
		}
		sgn := o.Sub(one, o.Mul(o.Const(2), o.Lt(big, zero)))
		for i := range n {
			v[i*n+c] = o.Mul(sgn, v[i*n+c])
		}
	}
	return vals, v
}
