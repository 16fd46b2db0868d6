package compiler

import (
	"github.com/bayes-dev/bayes/compiler/transform"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

// transformCase builds one constraint transform from n unconstrained
// values and names the free elements of its result (those the Jacobian
// maps to) and its inverse.
type transformCase struct {
	name  string
	n     int
	build func(b *ir.Builder, u []ir.Value) (x []ir.Value, lj ir.Value)
	free  []int // indexes into x
	inv   func(x []float64) []float64
}

func lowerTri(k, cols int, strict bool) []int {
	var f []int
	for i := 0; i < k; i++ {
		for j := 0; j < cols && j <= i; j++ {
			if j < i || !strict {
				f = append(f, i*cols+j)
			}
		}
	}
	return f
}

func scalarTransform(f func(b *ir.Builder, u ir.Value) (ir.Value, ir.Value)) func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) {
	return func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) {
		x, lj := f(b, u[0])
		return []ir.Value{x}, lj
	}
}

var transformCases = []transformCase{
	{"lower", 1, scalarTransform(func(b *ir.Builder, u ir.Value) (ir.Value, ir.Value) {
		return transform.Bound(b, u, b.Const(1.5), ir.NoValue)
	}), []int{0}, func(x []float64) []float64 { return []float64{transform.UnconstrainBound(x[0], 1.5, 0, true, false)} }},
	{"upper", 1, scalarTransform(func(b *ir.Builder, u ir.Value) (ir.Value, ir.Value) {
		return transform.Bound(b, u, ir.NoValue, b.Const(-0.5))
	}), []int{0}, func(x []float64) []float64 { return []float64{transform.UnconstrainBound(x[0], 0, -0.5, false, true)} }},
	{"lower_upper", 1, scalarTransform(func(b *ir.Builder, u ir.Value) (ir.Value, ir.Value) {
		return transform.Bound(b, u, b.Const(-1), b.Const(2))
	}), []int{0}, func(x []float64) []float64 { return []float64{transform.UnconstrainBound(x[0], -1, 2, true, true)} }},
	{"offset_multiplier", 1, scalarTransform(func(b *ir.Builder, u ir.Value) (ir.Value, ir.Value) {
		return transform.Affine(b, u, b.Const(0.3), b.Const(2.5))
	}), []int{0}, func(x []float64) []float64 { return []float64{(x[0] - 0.3) / 2.5} }},
	{"simplex", 3, transform.Simplex, []int{0, 1, 2}, transform.UnconstrainSimplex},
	{"ordered", 4, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.Ordered(b, u, false) },
		[]int{0, 1, 2, 3}, func(x []float64) []float64 { return transform.UnconstrainOrdered(x, false) }},
	{"positive_ordered", 4, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.Ordered(b, u, true) },
		[]int{0, 1, 2, 3}, func(x []float64) []float64 { return transform.UnconstrainOrdered(x, true) }},
	{"cholesky_factor_corr", 6, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.CholeskyCorr(b, u, 4) },
		lowerTri(4, 4, true), func(x []float64) []float64 { return transform.UnconstrainCholeskyCorr(x, 4) }},
	{"cholesky_factor_cov", 9, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.CholeskyCov(b, u, 4, 3) },
		lowerTri(4, 3, false), func(x []float64) []float64 { return transform.UnconstrainCholeskyCov(x, 4, 3) }},
	{"corr_matrix", 6, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.CorrMatrix(b, u, 4) },
		lowerTri(4, 4, true), func(x []float64) []float64 { return transform.UnconstrainCorrMatrix(x, 4) }},
	{"cov_matrix", 6, func(b *ir.Builder, u []ir.Value) ([]ir.Value, ir.Value) { return transform.CovMatrix(b, u, 3) },
		lowerTri(3, 3, false), func(x []float64) []float64 { return transform.UnconstrainCovMatrix(x, 3) }},
}

// evalTransform returns x and log|J| of a transform at u.
func evalTransform(c transformCase, u []float64) (x []float64, lj float64) {
	b := ir.NewBuilder(c.n)
	us := make([]ir.Value, c.n)
	for i := range us {
		us[i] = b.Param(i)
	}
	xs, ljv := c.build(b, us)
	if ljv == ir.NoValue {
		ljv = b.Const(0)
	}
	xv := b.Pack(xs)
	ljv = b.Sum(ljv)
	p := kernel.NewOutProgram(b.G, []ir.Value{xv, ljv})
	s := p.NewState()
	s.Run(u)
	return append([]float64(nil), s.Slots[xv]...), s.Slots[ljv][0]
}

// TestTransformLogJacobian compares each transform's log|J| with the log
// determinant of its Jacobian computed by central differences, and checks
// that the inverse round-trips, at several random points.
func TestTransformLogJacobian(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range transformCases {
		t.Run(c.name, func(t *testing.T) {
			for point := 0; point < 4; point++ {
				u := make([]float64, c.n)
				for i := range u {
					u[i] = 2*rng.Float64() - 1
				}
				x, lj := evalTransform(c, u)
				jac := mat.NewDense(len(c.free), c.n, nil)
				for j := 0; j < c.n; j++ {
					for i, f := range c.free {
						jac.Set(i, j, centralFD(func(v []float64) float64 {
							y, _ := evalTransform(c, v)
							return y[f]
						}, u, j))
					}
				}
				logDet, _ := mat.LogDet(jac)
				if math.Abs(lj-logDet) > 1e-7*math.Max(1, math.Abs(logDet)) {
					t.Errorf("point %d: log|J| %.12g, numerical %.12g", point, lj, logDet)
				}
				back := c.inv(x)
				for i := range u {
					if math.Abs(back[i]-u[i]) > 1e-10 {
						t.Errorf("point %d: unconstrain(constrain(u))[%d] = %v, u = %v", point, i, back[i], u[i])
					}
				}
				x2, _ := evalTransform(c, back)
				for i := range x {
					if math.Abs(x2[i]-x[i]) > 1e-12 {
						t.Errorf("point %d: constrain(unconstrain(x))[%d] = %v, x = %v", point, i, x2[i], x[i])
					}
				}
			}
		})
	}
}
