package compiler

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/transform"
	"github.com/bayes-dev/bayes/lang"
)

// stanSumToZeroMatrix is Stan Math's sum_to_zero_constrain of a matrix
// (stan/math/prim/constraint/sum_to_zero_constrain.hpp, Stan 2.37),
// transcribed loop for loop: x is the (n-1)×(m-1) free matrix, x(i, j) =
// u[i*(m-1)+j], and the result is n×m, row-major.
func stanSumToZeroMatrix(u []float64, n, m int) []float64 {
	N, M := n-1, m-1
	z := make([]float64, n*m)
	if N == 0 || M == 0 {
		return z
	}
	x := func(i, j int) float64 { return u[i*M+j] }
	beta := make([]float64, N)
	for j := M - 1; j >= 0; j-- {
		axPrevious := 0.0
		aj := 1 / math.Sqrt((float64(j)+1)*(float64(j)+2))
		bj := (float64(j) + 1) * aj
		for i := N - 1; i >= 0; i-- {
			ai := 1 / math.Sqrt((float64(i)+1)*(float64(i)+2))
			bi := (float64(i) + 1) * ai
			bix := bi*x(i, j) - axPrevious
			z[i*m+j] = bj*bix - beta[i]
			beta[i] += aj * bix
			z[N*m+j] -= z[i*m+j]
			z[i*m+M] -= z[i*m+j]
			axPrevious += ai * x(i, j)
		}
		z[N*m+M] -= z[N*m+j]
	}
	return z
}

// TestSumToZeroMatrixTransform checks the sum_to_zero_matrix row at every
// shape up to 5×5 at random points: Stan Math's loop's value to 1e-14,
// every row and column summing to 0 within 1e-12, the isometry |x| = |u|,
// no log Jacobian, the round trip through the inverse, and NaN from the
// inverse of a matrix whose rows sum to 0 but two columns do not. And the
// marginal variance that iid std normal on u gives each element: the map
// is linear, x = B u, so Cov(x) = B B' and element (i, j)'s variance is
// the sum over the unit vectors e_k of x(e_k)_ij², which must be
// (n-1)(m-1)/(nm), the diagonal of the projection
// (I - 11'/n) ⊗ (I - 11'/m) (the root test TestStochasticMatrices
// samples it).
func TestSumToZeroMatrixTransform(t *testing.T) {
	tr := transform.Of(lang.DeclSumToZeroMatrix)
	rng := rand.New(rand.NewPCG(37, 1))
	for n := 1; n <= 5; n++ {
		for m := 1; m <= 5; m++ {
			s := []int{n, m}
			u := make([]float64, tr.Free(s))
			uu := 0.0
			for i := range u {
				u[i] = 3 * rng.NormFloat64()
				uu += u[i] * u[i]
			}
			x, lj := evalRow(tr, s, u)
			want := stanSumToZeroMatrix(u, n, m)
			xx := 0.0
			for i := range want {
				xx += x[i] * x[i]
			}
			for i := range want {
				if math.Abs(x[i]-want[i]) > 1e-14*math.Max(1, math.Abs(want[i])) {
					t.Errorf("%d×%d: x = %v, Stan Math's loop gives %v", n, m, x, want)
					break
				}
			}
			if msg := kindSpecs[lang.DeclSumToZeroMatrix].check(x, s); msg != "" {
				t.Errorf("%d×%d: x = %v: %s", n, m, x, msg)
			}
			if math.Abs(xx-uu) > 1e-12*math.Max(1, uu) || lj != 0 {
				t.Errorf("%d×%d: |x|² = %g, |u|² = %g, lj = %g (want equal and 0)", n, m, xx, uu, lj)
			}
			back := tr.Inverse(x, s)
			for i := range u {
				if math.Abs(back[i]-u[i]) > 1e-12*math.Max(1, math.Abs(u[i])) {
					t.Errorf("%d×%d: inverse %v, want %v", n, m, back, u)
					break
				}
			}
			variance := make([]float64, n*m)
			for k := range u {
				e := make([]float64, len(u))
				e[k] = 1
				xe, _ := evalRow(tr, s, e)
				for i, v := range xe {
					variance[i] += v * v
				}
			}
			for i, v := range variance {
				if want := float64((n-1)*(m-1)) / float64(n*m); math.Abs(v-want) > 1e-14 {
					t.Errorf("%d×%d: element %d has variance %.17g under iid std normal u, want (n-1)(m-1)/(nm) = %.17g", n, m, i+1, v, want)
				}
			}
			if n > 1 && m > 1 {
				x[0] += 1e-6
				x[1] -= 1e-6 // row 1 still sums to 0; columns 1 and 2 do not
				if b := tr.Inverse(x, s); !math.IsNaN(b[0]) {
					t.Errorf("%d×%d: inverse of a matrix whose columns sum to ±1e-6 is %v, want NaN", n, m, b)
				}
			}
		}
	}
}

// TestStochasticTransforms: each row of a row_stochastic_matrix[n, m] at u
// is the simplex[m] of its own m-1 values of u and its log|J| the sum of
// theirs; a column_stochastic_matrix[n, m] at u is the transpose of the
// row_stochastic_matrix[m, n] at u.
func TestStochasticTransforms(t *testing.T) {
	rows, cols := transform.Of(lang.DeclRowStochasticMatrix), transform.Of(lang.DeclColumnStochasticMatrix)
	simplex := transform.Of(lang.DeclSimplex)
	rng := rand.New(rand.NewPCG(36, 3))
	for _, s := range [][]int{{1, 1}, {1, 4}, {3, 1}, {2, 3}, {3, 2}, {4, 4}} {
		n, m := s[0], s[1]
		u := make([]float64, n*(m-1))
		for i := range u {
			u[i] = 2 * rng.NormFloat64()
		}
		x, lj := evalRow(rows, s, u)
		ljSum := 0.0
		for i := range n {
			xi, lji := evalRow(simplex, []int{m}, u[i*(m-1):(i+1)*(m-1)])
			ljSum += lji
			for j := range m {
				if x[i*m+j] != xi[j] {
					t.Errorf("%d×%d: row %d is %v, the simplex of its values %v", n, m, i+1, x[i*m:(i+1)*m], xi)
					break
				}
			}
		}
		if math.Abs(lj-ljSum) > 1e-13*math.Max(1, math.Abs(ljSum)) {
			t.Errorf("%d×%d: lj %.17g, the rows' simplexes' %.17g", n, m, lj, ljSum)
		}
		xt, ljt := evalRow(cols, []int{m, n}, u)
		for i := range n {
			for j := range m {
				if xt[j*n+i] != x[i*m+j] {
					t.Fatalf("%d×%d: column_stochastic_matrix[%d, %d] %v is not the transpose of %v", n, m, m, n, xt, x)
				}
			}
		}
		if ljt != lj {
			t.Errorf("%d×%d: column lj %v, row lj %v", n, m, ljt, lj)
		}
	}
}

// TestSumToZeroMatrixModel: `to_vector(Z) ~ normal(0, 1)` on a
// sum_to_zero_matrix[3, 4] has the log density -|Z|²/2 = -|q|²/2 (an
// isometry, no Jacobian) and the gradient -q.
func TestSumToZeroMatrixModel(t *testing.T) {
	isometryModel(t, "parameters {\n  sum_to_zero_matrix[3, 4] Z;\n}\nmodel {\n  to_vector(Z) ~ normal(0, 1);\n}\n", 6, 12, 37)
}
