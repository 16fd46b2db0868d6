package compiler

import (
	"fmt"
	"github.com/bayes-dev/bayes/compiler/transform"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mat"
)

// The constrained kinds at their smallest sizes: 0 where Stan allows it, 1
// and 2. Every kind of lang.DeclKinds() must have a kindSpec here, so a new
// kind (or a new row of the transforms table) fails these tests until its
// invariants are written down.

// kindSpec is what the tests know of one declared kind, independently of
// the transforms table.
type kindSpec struct {
	// shapes are the shapes of one value tried (the declared sizes); those
	// in refused are the ones Stan refuses (stanc3's validate_positive_index
	// for a simplex, validate_unit_vector_index for a unit_vector, Stan
	// Math's cholesky_factor_constrain for rows < columns).
	shapes, refused [][]int
	// free lists the elements of a value (row-major) that the Jacobian maps
	// the unconstrained values onto; nil where the row's lj is not a log|J|.
	free func(inner []int) []int
	// lj is the row's lj where it is not a log|J|.
	lj func(u []float64) float64
	// check says what is wrong with a constrained value, or "".
	check func(x []float64, inner []int) string
	// bounded kinds take bounds or offset/multiplier instead of a row.
	bounded bool
	// notParam: the kind cannot be a parameter.
	notParam bool
}

var (
	vectorShapes = [][]int{{0}, {1}, {2}}
	squareShapes = [][]int{{0, 0}, {1, 1}, {2, 2}}
	// matrixShapes are the shapes of the matrix kinds with two sizes:
	// those with no rows or no columns are refused (nonEmpty).
	matrixShapes  = [][]int{{0, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {1, 3}, {3, 1}, {0, 2}, {2, 0}}
	matrixRefused = [][]int{{0, 0}, {0, 2}, {2, 0}}
)

// lines gives the rows (byRow) or the columns of the row-major n×m x.
func lines(x []float64, n, m int, byRow bool) [][]float64 {
	var out [][]float64
	if byRow {
		for i := range n {
			out = append(out, x[i*m:(i+1)*m])
		}
		return out
	}
	for j := range m {
		col := make([]float64, n)
		for i := range col {
			col[i] = x[i*m+j]
		}
		out = append(out, col)
	}
	return out
}

// stochasticSpec is the spec of row_stochastic_matrix (byRow) or
// column_stochastic_matrix: each row (column) a simplex, whose first
// elements but the last are the free ones, in the order of u (a row's or a
// column's values contiguous).
func stochasticSpec(byRow bool) kindSpec {
	return kindSpec{shapes: matrixShapes, refused: matrixRefused,
		free: func(s []int) []int {
			var f []int
			if byRow {
				for i := range s[0] {
					for j := range s[1] - 1 {
						f = append(f, i*s[1]+j)
					}
				}
				return f
			}
			for j := range s[1] {
				for i := range s[0] - 1 {
					f = append(f, i*s[1]+j)
				}
			}
			return f
		},
		check: func(x []float64, s []int) string {
			for l, line := range lines(x, s[0], s[1], byRow) {
				if msg := isSimplex(line); msg != "" {
					return fmt.Sprintf("line %d %s", l+1, msg)
				}
			}
			return ""
		}}
}

func firstN(n int) []int {
	f := make([]int, n)
	for i := range f {
		f[i] = i
	}
	return f
}

var kindSpecs = map[lang.DeclKind]kindSpec{
	lang.DeclInt:       {notParam: true},
	lang.DeclReal:      {bounded: true, shapes: [][]int{{}}},
	lang.DeclVector:    {bounded: true, shapes: vectorShapes},
	lang.DeclRowVector: {bounded: true, shapes: vectorShapes},
	lang.DeclMatrix:    {bounded: true, shapes: [][]int{{0, 0}, {1, 1}, {2, 2}, {2, 1}, {0, 2}}},
	lang.DeclSimplex: {shapes: vectorShapes, refused: [][]int{{0}},
		free:  func(s []int) []int { return firstN(s[0] - 1) },
		check: func(x []float64, _ []int) string { return isSimplex(x) }},
	lang.DeclUnitVector: {shapes: vectorShapes, refused: [][]int{{0}, {1}},
		lj: func(u []float64) float64 {
			ss := 0.0
			for _, v := range u {
				ss += v * v
			}
			return -ss / 2
		},
		check: func(x []float64, _ []int) string {
			ss := 0.0
			for _, v := range x {
				ss += v * v
			}
			if math.Abs(ss-1) > 1e-12 {
				return fmt.Sprintf("has a sum of squares of %.17g", ss)
			}
			return ""
		}},
	lang.DeclOrdered: {shapes: vectorShapes,
		free:  func(s []int) []int { return firstN(s[0]) },
		check: func(x []float64, _ []int) string { return increasing(x) }},
	lang.DeclPositiveOrdered: {shapes: vectorShapes,
		free: func(s []int) []int { return firstN(s[0]) },
		check: func(x []float64, _ []int) string {
			if len(x) > 0 && !(x[0] > 0) {
				return fmt.Sprintf("element 1 is %g", x[0])
			}
			return increasing(x)
		}},
	lang.DeclCholeskyFactorCorr: {shapes: squareShapes,
		free: func(s []int) []int { return lowerTri(s[0], s[0], true) },
		check: func(x []float64, s []int) string {
			if msg := choleskyShape(x, s[0], s[1]); msg != "" {
				return msg
			}
			for i := range s[0] {
				ss := 0.0
				for _, v := range x[i*s[1] : (i+1)*s[1]] {
					ss += v * v
				}
				if math.Abs(ss-1) > 1e-12 {
					return fmt.Sprintf("row %d has a sum of squares of %.17g", i+1, ss)
				}
			}
			return ""
		}},
	lang.DeclCholeskyFactorCov: {shapes: [][]int{{0, 0}, {1, 1}, {2, 2}, {1, 0}, {2, 1}, {0, 1}, {1, 2}}, refused: [][]int{{0, 1}, {1, 2}},
		free:  func(s []int) []int { return lowerTri(s[0], s[1], false) },
		check: func(x []float64, s []int) string { return choleskyShape(x, s[0], s[1]) }},
	lang.DeclCorrMatrix: {shapes: squareShapes,
		free: func(s []int) []int { return lowerTri(s[0], s[0], true) },
		check: func(x []float64, s []int) string {
			for i := range s[0] {
				if math.Abs(x[i*s[0]+i]-1) > 1e-12 {
					return fmt.Sprintf("diagonal element %d is %.17g", i+1, x[i*s[0]+i])
				}
			}
			return symmetricPD(x, s[0])
		}},
	// Stan adds no log Jacobian for the isometric sum-to-zero map.
	lang.DeclSumToZeroVector: {shapes: vectorShapes, refused: [][]int{{0}},
		lj:    func([]float64) float64 { return 0 },
		check: func(x []float64, _ []int) string { return sumsToZero(x) }},
	lang.DeclCovMatrix: {shapes: squareShapes,
		free:  func(s []int) []int { return lowerTri(s[0], s[0], false) },
		check: func(x []float64, s []int) string { return symmetricPD(x, s[0]) }},
	lang.DeclRowStochasticMatrix:    stochasticSpec(true),
	lang.DeclColumnStochasticMatrix: stochasticSpec(false),
	// Stan adds no log Jacobian for the isometric sum-to-zero map.
	lang.DeclSumToZeroMatrix: {shapes: matrixShapes, refused: matrixRefused,
		lj: func([]float64) float64 { return 0 },
		check: func(x []float64, s []int) string {
			for _, byRow := range []bool{true, false} {
				for l, line := range lines(x, s[0], s[1], byRow) {
					if msg := sumsToZero(line); msg != "" {
						return fmt.Sprintf("row or column %d (rows %v) %s", l+1, byRow, msg)
					}
				}
			}
			return ""
		}},
}

func isSimplex(x []float64) string {
	sum := 0.0
	for i, v := range x {
		if !(v >= 0) {
			return fmt.Sprintf("element %d is %g", i+1, v)
		}
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		return fmt.Sprintf("sums to %.17g", sum)
	}
	return ""
}

func sumsToZero(x []float64) string {
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	if math.Abs(sum) > 1e-12 {
		return fmt.Sprintf("sums to %.17g", sum)
	}
	return ""
}

func increasing(x []float64) string {
	for i := 1; i < len(x); i++ {
		if !(x[i] > x[i-1]) {
			return fmt.Sprintf("element %d (%g) is not above element %d (%g)", i+1, x[i], i, x[i-1])
		}
	}
	return ""
}

// choleskyShape checks an m×n Cholesky factor: lower triangular, with a
// positive diagonal.
func choleskyShape(x []float64, m, n int) string {
	for i := range m {
		for j := range n {
			switch {
			case j > i && x[i*n+j] != 0:
				return fmt.Sprintf("[%d,%d] = %g is above the diagonal", i+1, j+1, x[i*n+j])
			case j == i && !(x[i*n+j] > 0):
				return fmt.Sprintf("diagonal element %d is %g", i+1, x[i*n+j])
			}
		}
	}
	return ""
}

// symmetricPD checks that the k×k x is exactly symmetric and positive
// definite (gonum's Cholesky factorisation succeeds).
func symmetricPD(x []float64, k int) string {
	for i := range k {
		for j := range i {
			if x[i*k+j] != x[j*k+i] {
				return fmt.Sprintf("[%d,%d] = %g but [%d,%d] = %g", i+1, j+1, x[i*k+j], j+1, i+1, x[j*k+i])
			}
		}
	}
	if k == 0 {
		return ""
	}
	var c mat.Cholesky
	if !c.Factorize(mat.NewSymDense(k, append([]float64(nil), x...))) {
		return "is not positive definite"
	}
	return ""
}

// evalRow evaluates a transform row at u for a value of shape inner.
func evalRow(tr *transform.Kind, inner []int, u []float64) (x []float64, lj float64) {
	b := ir.NewBuilder(len(u))
	us := make([]ir.Value, len(u))
	for i := range us {
		us[i] = b.Param(i)
	}
	xs, ljv := tr.Build(b, us, inner)
	if ljv == ir.NoValue {
		ljv = b.Const(0)
	}
	outs := []ir.Value{b.Sum(ljv)}
	if len(xs) > 0 {
		outs = append(outs, b.Pack(xs))
	}
	s := kernel.NewOutProgram(b.G, outs).NewState()
	s.Run(u)
	if len(xs) > 0 {
		x = append(x, s.Slots[outs[1]]...)
	}
	return x, s.Slots[outs[0]][0]
}

func shapeName(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, "x")
}

// TestTransformTableSmallSizes runs each row of the transforms table at
// the sizes of its kind's spec: the value's invariants, log|J| against the
// log determinant of a central-difference Jacobian (0 with no free values),
// and both round trips through the inverse, at 4 random points.
func TestTransformTableSmallSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 7))
	for _, k := range lang.DeclKinds() {
		spec, ok := kindSpecs[k]
		tr := transform.Of(k)
		switch {
		case !ok:
			t.Errorf("%s has no kindSpec: write down its sizes and invariants", k)
			continue
		case spec.bounded || spec.notParam:
			if tr != nil {
				t.Errorf("%s has a transforms row but its spec says it takes bounds or is no parameter", k)
			}
			continue
		case tr == nil:
			t.Errorf("%s has no row in the transforms table", k)
			continue
		}
		for _, inner := range spec.shapes {
			t.Run(k.String()+"_"+shapeName(inner), func(t *testing.T) {
				refused := slices.ContainsFunc(spec.refused, func(s []int) bool { return slices.Equal(s, inner) })
				if why := tr.Invalid(inner); refused != (why != "") {
					t.Fatalf("invalid(%v) = %q; Stan refuses it: %v", inner, why, refused)
				}
				if refused {
					return
				}
				n := tr.Free(inner)
				if spec.free != nil && len(spec.free(inner)) != n {
					t.Fatalf("%d unconstrained values map onto %d free elements", n, len(spec.free(inner)))
				}
				for point := range 4 {
					u := make([]float64, n)
					for i := range u {
						u[i] = 3*rng.Float64() - 1.5
					}
					x, lj := evalRow(tr, inner, u)
					if len(x) != size(inner) {
						t.Fatalf("%d elements, want %d", len(x), size(inner))
					}
					if msg := spec.check(x, inner); msg != "" {
						t.Errorf("point %d: %v %s", point, x, msg)
					}
					switch {
					case spec.free == nil:
						if want := spec.lj(u); math.Abs(lj-want) > 1e-14*math.Max(1, math.Abs(want)) {
							t.Errorf("point %d: lj %.17g, want %.17g", point, lj, want)
						}
					case n == 0:
						if lj != 0 {
							t.Errorf("lj %g with no unconstrained values, want 0", lj)
						}
					default:
						jac := mat.NewDense(n, n, nil)
						for j := range n {
							for i, f := range spec.free(inner) {
								jac.Set(i, j, centralFD(func(v []float64) float64 {
									y, _ := evalRow(tr, inner, v)
									return y[f]
								}, u, j))
							}
						}
						logDet, _ := mat.LogDet(jac)
						if math.Abs(lj-logDet) > 1e-7*math.Max(1, math.Abs(logDet)) {
							t.Errorf("point %d: log|J| %.12g, numerical %.12g", point, lj, logDet)
						}
					}
					back := tr.Inverse(x, inner)
					if len(back) != n {
						t.Fatalf("the inverse gives %d values, want %d", len(back), n)
					}
					if spec.free != nil { // one to one: u comes back
						for i := range u {
							if math.Abs(back[i]-u[i]) > 1e-10 {
								t.Errorf("point %d: unconstrain(constrain(u))[%d] = %v, u = %v", point, i, back[i], u[i])
							}
						}
					}
					x2, _ := evalRow(tr, inner, back)
					for i := range x {
						if math.Abs(x2[i]-x[i]) > 1e-12 {
							t.Errorf("point %d: constrain(unconstrain(x))[%d] = %v, x = %v", point, i, x2[i], x[i])
						}
					}
				}
			})
		}
	}
}
