package matrix

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The branches for parameters of matrix_exp and the eigendecomposition at
// points the random walks do not draw: a norm that takes many squarings,
// one beyond the squarings the program has, eigenvalues that repeat.

// TestMatrixExpParameters: exp of a matrix of parameters against closed
// forms: a rotation generator θJ, exp = [cos θ, -sin θ; sin θ, cos θ],
// and a diagonal matrix, exp = diag(e^d), whose derivative in d_1 is e^d_1
// at element [1,1] and 0 elsewhere.
func TestMatrixExpParameters(t *testing.T) {
	f := matrixExpFunc.Formula(0)
	for _, c := range []struct {
		name  string
		A     library.Tensor
		want  []float64
		dA    int       // the element of A varied
		dwant []float64 // the derivative of exp(A) in it
	}{
		{"rotation by 20", librarytest.Mat2(2, 0, -20, 20, 0),
			[]float64{math.Cos(20), -math.Sin(20), math.Sin(20), math.Cos(20)}, 2,
			nil},
		{"diag(3, -40)", librarytest.Mat2(2, 3, 0, 0, -40),
			[]float64{math.Exp(3), 0, 0, math.Exp(-40)}, 0,
			[]float64{math.Exp(3), 0, 0, 0}},
		{"norm past 2^20", librarytest.Mat2(1, 2e6), []float64{math.NaN()}, 0, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, x := librarytest.Derivative(f, []library.Tensor{c.A}, 0, c.dA)
			for k := range c.want {
				if !librarytest.CloseTo(x[k], c.want[k], 1e-12) {
					t.Errorf("element %d is %.17g, closed form %.17g", k, x[k], c.want[k])
				}
			}
			for k := range c.dwant {
				if !librarytest.CloseTo(d[k], c.dwant[k], 1e-11) {
					t.Errorf("∂ element %d is %.17g, closed form %.17g", k, d[k], c.dwant[k])
				}
			}
		})
	}
}

// TestEigenRepeatedParameters: where eigenvalues repeat the Jacobi program
// still gives the eigenvalues, and finite derivatives whose sum in a
// diagonal element is 1 (the trace); the simple eigenvalue 3 of diag(1, 1,
// 3) has derivative 1 in A_33 and 0 in A_11.
func TestEigenRepeatedParameters(t *testing.T) {
	f := EigenvaluesSym.Formula(0)
	for _, c := range []struct {
		name string
		A    library.Tensor
		want []float64
	}{
		{"2 I", librarytest.Mat2(2, 2, 0, 0, 2), []float64{2, 2}},
		{"diag(1, 1, 3)", librarytest.Mat2(3, 1, 0, 0, 0, 1, 0, 0, 0, 3), []float64{1, 1, 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.want)
			for j := range n * n {
				d, x := librarytest.Derivative(f, []library.Tensor{c.A}, 0, j)
				for k := range c.want {
					if x[k] != c.want[k] {
						t.Errorf("eigenvalue %d is %v, want %v", k, x[k], c.want[k])
					}
				}
				s := 0.0
				for k, v := range d {
					if !librarytest.IsFinite(v) {
						t.Fatalf("∂ eigenvalue %d / ∂ A element %d is %v", k, j, v)
					}
					s += v
				}
				if j%(n+1) == 0 && math.Abs(s-1) > 1e-12 {
					t.Errorf("the derivatives in diagonal element %d sum to %v, want 1", j, s)
				}
			}
			if n == 3 {
				d, _ := librarytest.Derivative(f, []library.Tensor{c.A}, 0, 8)
				d0, _ := librarytest.Derivative(f, []library.Tensor{c.A}, 0, 0)
				if d[2] != 1 || d0[2] != 0 {
					t.Errorf("∂λ_3/∂A_33 = %v, ∂λ_3/∂A_11 = %v, want 1 and 0", d[2], d0[2])
				}
			}
		})
	}
}
