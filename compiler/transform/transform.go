// Package transform holds Stan's constraint transforms: for each
// constrained kind, the IR that maps a slice of the unconstrained vector to
// the constrained value and its log|J|, and the plain-Go inverse used for
// user-given initial values.
package transform

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// The transforms are Stan's (Stan Reference Manual, "Constraint
// Transforms"; the simplex is the stick-breaking transform of Stan up to
// 2.35). Each builds, in IR, the constrained value of a slice of the
// unconstrained vector q and log|J|, the log absolute determinant of the
// Jacobian of the map from q's slice to the constrained value's free
// elements, which the log density adds. The inverses (Unconstrain*) are
// plain Go.

// Kind is one row of the table of constrained kinds that take no
// bounds. The kinds real, vector, row_vector and matrix take bounds or an
// offset and multiplier instead (Bound, Affine).
type Kind struct {
	// Rank is how many of the declared shape's last dimensions make up one
	// constrained value: 1 for the vector kinds, 2 for the matrix kinds.
	Rank int
	// Free is the number of unconstrained values of one value of shape inner.
	Free func(inner []int) int
	// Build gives the constrained value of u, row-major, and the term the
	// log density adds: log|J| (unit_vector: the density of its radius).
	Build func(b *ir.Builder, u []ir.Value, inner []int) (x []ir.Value, lj ir.Value)
	// Inverse is Build's inverse, for user-given initial values.
	Inverse func(x []float64, inner []int) []float64
	// Invalid says why Stan refuses a declared shape, or "" when it does
	// not. stanc3 checks a simplex's size with validate_positive_index
	// and a unit_vector's with validate_unit_vector_index (at least 2: a
	// unit vector of size 1 is ±1, which no continuous transform reaches),
	// and Stan Math's cholesky_factor_constrain needs M >= N; every other
	// size from 0 is allowed, size 0 giving an empty value.
	Invalid func(inner []int) string
	// Elementwise says that Build uses only elementwise ops, so that the
	// free values u may be vectors, each of one free value of many
	// constrained values: Build then transforms them all at once, each
	// element as it would one scalar (compiler's constrainAcross).
	Elementwise bool
}

// table is the constrained kinds without bounds.
var table = map[lang.DeclKind]*Kind{
	lang.DeclSimplex: {Rank: 1, Elementwise: true,
		Free:    func(s []int) int { return max(s[0]-1, 0) },
		Build:   func(b *ir.Builder, u []ir.Value, _ []int) ([]ir.Value, ir.Value) { return Simplex(b, u) },
		Inverse: func(x []float64, _ []int) []float64 { return UnconstrainSimplex(x) },
		Invalid: func(s []int) string {
			if s[0] < 1 {
				return fmt.Sprintf("a simplex has at least 1 element; this one has %d", s[0])
			}
			return ""
		}},
	lang.DeclUnitVector: {Rank: 1,
		Free:    func(s []int) int { return s[0] },
		Build:   func(b *ir.Builder, u []ir.Value, _ []int) ([]ir.Value, ir.Value) { return UnitVector(b, u) },
		Inverse: func(x []float64, _ []int) []float64 { return UnconstrainUnitVector(x) },
		Invalid: func(s []int) string {
			if s[0] < 2 {
				return fmt.Sprintf("a unit_vector has at least 2 elements (as in Stan); this one has %d", s[0])
			}
			return ""
		}},
	lang.DeclOrdered: {Rank: 1,
		Free: func(s []int) int { return s[0] },
		Build: func(b *ir.Builder, u []ir.Value, _ []int) ([]ir.Value, ir.Value) {
			return Ordered(b, u, false)
		},
		Inverse: func(x []float64, _ []int) []float64 { return UnconstrainOrdered(x, false) },
		Invalid: anySize},
	lang.DeclPositiveOrdered: {Rank: 1,
		Free:    func(s []int) int { return s[0] },
		Build:   func(b *ir.Builder, u []ir.Value, _ []int) ([]ir.Value, ir.Value) { return Ordered(b, u, true) },
		Inverse: func(x []float64, _ []int) []float64 { return UnconstrainOrdered(x, true) },
		Invalid: anySize},
	lang.DeclCholeskyFactorCorr: {Rank: 2,
		Free: func(s []int) int { return s[0] * (s[0] - 1) / 2 },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return CholeskyCorr(b, u, s[0])
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainCholeskyCorr(x, s[0]) },
		Invalid: anySize},
	lang.DeclCholeskyFactorCov: {Rank: 2,
		Free: func(s []int) int { return s[1]*(s[1]+1)/2 + (s[0]-s[1])*s[1] },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return CholeskyCov(b, u, s[0], s[1])
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainCholeskyCov(x, s[0], s[1]) },
		Invalid: func(s []int) string {
			if s[0] < s[1] {
				return fmt.Sprintf("a cholesky_factor_cov has at least as many rows as columns; this one is %d×%d", s[0], s[1])
			}
			return ""
		}},
	lang.DeclCorrMatrix: {Rank: 2,
		Free: func(s []int) int { return s[0] * (s[0] - 1) / 2 },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return CorrMatrix(b, u, s[0])
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainCorrMatrix(x, s[0]) },
		Invalid: anySize},
	lang.DeclCovMatrix: {Rank: 2,
		Free: func(s []int) int { return s[0] * (s[0] + 1) / 2 },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return CovMatrix(b, u, s[0])
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainCovMatrix(x, s[0]) },
		Invalid: anySize},
	lang.DeclSumToZeroVector: {Rank: 1,
		Free:    func(s []int) int { return max(s[0]-1, 0) },
		Build:   func(b *ir.Builder, u []ir.Value, _ []int) ([]ir.Value, ir.Value) { return SumToZero(b, u) },
		Inverse: func(x []float64, _ []int) []float64 { return UnconstrainSumToZero(x) },
		Invalid: func(s []int) string {
			if s[0] < 1 {
				return fmt.Sprintf("a sum_to_zero_vector has at least 1 element; this one has %d", s[0])
			}
			return ""
		}},
	lang.DeclRowStochasticMatrix: {Rank: 2,
		Free: func(s []int) int { return s[0] * max(s[1]-1, 0) },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return Stochastic(b, u, s[0], s[1], true)
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainStochastic(x, s[0], s[1], true) },
		Invalid: nonEmpty("row_stochastic_matrix")},
	lang.DeclColumnStochasticMatrix: {Rank: 2,
		Free: func(s []int) int { return max(s[0]-1, 0) * s[1] },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return Stochastic(b, u, s[0], s[1], false)
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainStochastic(x, s[0], s[1], false) },
		Invalid: nonEmpty("column_stochastic_matrix")},
	lang.DeclSumToZeroMatrix: {Rank: 2,
		Free: func(s []int) int { return max(s[0]-1, 0) * max(s[1]-1, 0) },
		Build: func(b *ir.Builder, u []ir.Value, s []int) ([]ir.Value, ir.Value) {
			return SumToZeroMatrix(b, u, s[0], s[1])
		},
		Inverse: func(x []float64, s []int) []float64 { return UnconstrainSumToZeroMatrix(x, s[0], s[1]) },
		Invalid: nonEmpty("sum_to_zero_matrix")},
}

func anySize([]int) string { return "" }

// nonEmpty refuses a matrix kind with no rows or no columns: a row or
// column of a stochastic matrix is a simplex, which has at least one
// element, and Stan Math's check_stochastic_row, check_stochastic_column
// and check_sum_to_zero start with check_nonzero_size (an empty value
// "cannot be unconstrained to anything").
func nonEmpty(kind string) func(s []int) string {
	return func(s []int) string {
		if s[0] < 1 || s[1] < 1 {
			return fmt.Sprintf("a %s has at least 1 row and 1 column; this one is %d×%d", kind, s[0], s[1])
		}
		return ""
	}
}

// Of is the row of a constrained kind without bounds, or nil for the kinds
// real, vector, row_vector and matrix.
func Of(k lang.DeclKind) *Kind { return table[k] }

// InnerDims splits a declared kind's full shape into the array dimensions
// and the shape of one value: its row's rank of last dimensions, or none
// for a kind without a row (whose bounds apply element by element).
func InnerDims(k lang.DeclKind, dims []int) (array, inner []int) {
	rank := 0
	if tr := table[k]; tr != nil {
		rank = tr.Rank
	}
	return dims[:len(dims)-rank], dims[len(dims)-rank:]
}

// UnconstrainedSize is the number of unconstrained values of a declared
// kind with the full shape dims.
func UnconstrainedSize(k lang.DeclKind, dims []int) int {
	arr, n := dims, 1
	if tr := table[k]; tr != nil {
		var inner []int
		arr, inner = InnerDims(k, dims)
		n = tr.Free(inner)
	}
	for _, d := range arr {
		n *= d
	}
	return n
}

// Bound maps u (scalar or vector) into (lo, hi); either bound may
// be NoValue. Reference Manual: lower bound x = lo + exp(u), log|J| = u;
// upper bound x = hi - exp(u), log|J| = u; both x = lo + (hi - lo)
// inv_logit(u), log|J| = log(hi - lo) + log inv_logit(u) + log(1 - inv_logit(u)).
// lj is elementwise (NoValue for no bounds).
func Bound(b *ir.Builder, u, lo, hi ir.Value) (x, lj ir.Value) {
	switch {
	case lo == ir.NoValue && hi == ir.NoValue:
		return u, ir.NoValue
	case hi == ir.NoValue && ir.IsConstBits(b, lo, 0):
		return b.Exp(u), u // +0 + exp(u) is exp(u) exactly: exp is never -0
	case hi == ir.NoValue:
		return b.Add(lo, b.Exp(u)), u
	case lo == ir.NoValue:
		return b.Sub(hi, b.Exp(u)), u
	}
	diff := b.Sub(hi, lo)
	x = b.Add(lo, b.Mul(diff, b.Apply(ir.OpInvLogit, u)))
	lj = b.Add(b.Log(diff), b.Add(b.Apply(ir.OpLogInvLogit, u), b.Apply(ir.OpLog1mInvLogit, u)))
	return x, lj
}

// Affine is x = offset + multiplier u, log|J| = log multiplier per
// element (offset 0 and multiplier 1 when absent).
func Affine(b *ir.Builder, u, off, mult ir.Value) (x, lj ir.Value) {
	x = u
	if mult != ir.NoValue {
		x = b.Mul(mult, x)
		lj = b.Log(mult)
		if b.ShapeOf(u).Kind == ir.Vector && b.ShapeOf(lj).Kind == ir.Scalar {
			lj = b.Mul(lj, b.Const(float64(b.ShapeOf(u).N)))
		}
	} else {
		lj = ir.NoValue
	}
	if off != ir.NoValue {
		x = b.Add(off, x)
	}
	return x, lj
}

// Simplex is Stan's stick-breaking transform: with K-1 values u,
// z_k = inv_logit(u_k - log(K-1-k)) (k from 0), x_k = z_k times the stick
// left, x_K the rest; log|J| = Σ log(stick left) + log z_k + log(1 - z_k).
func Simplex(b *ir.Builder, u []ir.Value) (x []ir.Value, lj ir.Value) {
	km1 := len(u)
	stick := b.Const(1)
	lj = b.Const(0)
	for k, uk := range u {
		adj := b.Sub(uk, b.Const(math.Log(float64(km1-k))))
		xk := b.Mul(stick, b.Apply(ir.OpInvLogit, adj))
		lj = b.Add(lj, b.Add(b.Log(stick), b.Add(b.Apply(ir.OpLogInvLogit, adj), b.Apply(ir.OpLog1mInvLogit, adj))))
		x = append(x, xk)
		stick = b.Sub(stick, xk)
	}
	return append(x, stick), lj
}

// SumToZero is Stan's sum_to_zero_vector (Stan 2.36; Stan Math's
// sum_to_zero_constrain): the K-1 values u are the coordinates of x in the
// orthonormal (Helmert, "pivot coordinates") basis of the hyperplane
// Σx = 0, column i (1-based) being 1/√(i(i+1)) on elements 1..i and
// -i/√(i(i+1)) on element i+1. With w_i = u_i/√(i(i+1)),
// x_j = Σ_{i≥j} w_i - (j-1) w_{j-1}, summed from i = K-1 down as Stan
// does. The map is an isometry onto the hyperplane, so Stan adds no log
// Jacobian (lj is NoValue): a density on x is one on the hyperplane's own
// measure, and normal(0, σ) on each element makes each element's marginal
// variance σ²(K-1)/K.
func SumToZero(b *ir.Builder, u []ir.Value) (x []ir.Value, lj ir.Value) {
	n := len(u)
	x = make([]ir.Value, n+1)
	w := make([]ir.Value, n+1)
	for i := n; i >= 1; i-- {
		w[i] = b.Mul(u[i-1], b.Const(1/math.Sqrt(float64(i)*float64(i+1))))
	}
	x[n] = b.Const(0)
	if n > 0 {
		x[n] = b.Neg(b.Mul(w[n], b.Const(float64(n))))
	}
	var sum ir.Value
	for j := n - 1; j >= 0; j-- {
		if j == n-1 {
			sum = w[n]
		} else {
			sum = b.Add(sum, w[j+1])
		}
		x[j] = sum
		if j > 0 {
			x[j] = b.Sub(sum, b.Mul(w[j], b.Const(float64(j))))
		}
	}
	return x, ir.NoValue
}

// Stochastic is Stan's row_stochastic_matrix (byRow) or
// column_stochastic_matrix (Stan 2.36; Stan Math's stochastic_row_constrain
// and stochastic_column_constrain): each row (each column) of the n×m x
// is Simplex of its own m-1 (n-1) values, the values of one row (column)
// contiguous in u, and log|J| is the sum of theirs. x is row-major.
func Stochastic(b *ir.Builder, u []ir.Value, n, m int, byRow bool) (x []ir.Value, lj ir.Value) {
	lines, length := m, n // columns of n elements
	if byRow {
		lines, length = n, m
	}
	x, lj = make([]ir.Value, n*m), ir.NoValue
	per := length - 1
	for l := range lines {
		s, slj := Simplex(b, u[l*per:(l+1)*per])
		if lj == ir.NoValue {
			lj = slj
		} else {
			lj = b.Add(lj, slj)
		}
		for k, v := range s {
			if byRow {
				x[l*m+k] = v
			} else {
				x[k*m+l] = v
			}
		}
	}
	return x, lj
}

// SumToZeroMatrix is Stan's sum_to_zero_matrix (Stan 2.37; Stan Math's
// sum_to_zero_constrain of a matrix): the (n-1)×(m-1) values u (row-major)
// are the coordinates of x in the orthonormal basis of the n×m matrices
// whose rows and columns all sum to 0 that is the product of the bases of
// SumToZero for n and for m. So x is SumToZero applied to each column of
// u, then to each row of the result, and the map is an isometry with no
// log Jacobian (lj is NoValue); under iid normal(0, 1) on every element,
// each element's marginal variance is (1 - 1/n)(1 - 1/m), the diagonal of
// the projection (I - 11'/n) ⊗ (I - 11'/m). Stan Math's loop orders each
// basis so that its last element, not its first, is the one that
// SumToZero's first is: element (i, j) of Stan's x is element
// ((i+1) mod n, (j+1) mod m) of the plain product, which is why each
// result is rotated by one as it is placed.
func SumToZeroMatrix(b *ir.Builder, u []ir.Value, n, m int) (x []ir.Value, lj ir.Value) {
	y := make([]ir.Value, n*(m-1)) // SumToZero of u's columns, n×(m-1)
	col := make([]ir.Value, n-1)
	for j := range m - 1 {
		for i := range col {
			col[i] = u[i*(m-1)+j]
		}
		c, _ := SumToZero(b, col)
		for i, v := range c {
			y[(i+n-1)%n*(m-1)+j] = v
		}
	}
	x = make([]ir.Value, n*m)
	for i := range n {
		r, _ := SumToZero(b, y[i*(m-1):(i+1)*(m-1)])
		for j, v := range r {
			x[i*m+(j+m-1)%m] = v
		}
	}
	return x, ir.NoValue
}

// UnitVector is Stan's unit_vector (Stan Reference Manual, "Unit
// vector"): x = u / ||u|| with K unconstrained values, and lj = -u·u/2,
// which gives u a standard normal radius so that the density is proper
// (the map is not one to one, so this is not a log|J|; Marsaglia 1972).
// At u = 0, x is NaN and the draw is rejected, as in Stan.
func UnitVector(b *ir.Builder, u []ir.Value) (x []ir.Value, lj ir.Value) {
	lj = b.Const(0)
	for k, uk := range u {
		if k == 0 {
			lj = b.Square(uk)
		} else {
			lj = b.Add(lj, b.Square(uk))
		}
	}
	norm := b.Apply(ir.OpSqrt, lj)
	for _, uk := range u {
		x = append(x, b.Div(uk, norm))
	}
	return x, b.Mul(b.Const(-0.5), lj)
}

// Ordered: x_1 = u_1 (exp(u_1) when positive), x_k = x_{k-1} +
// exp(u_k); log|J| = Σ_{k>1} u_k (+ u_1 when positive).
func Ordered(b *ir.Builder, u []ir.Value, positive bool) (x []ir.Value, lj ir.Value) {
	lj = b.Const(0)
	var prev ir.Value
	for k, uk := range u {
		var xk ir.Value
		switch {
		case k == 0 && !positive:
			xk = uk
		case k == 0:
			xk = b.Exp(uk)
			lj = uk
		default:
			xk = b.Add(prev, b.Exp(uk))
			lj = b.Add(lj, uk)
		}
		x = append(x, xk)
		prev = xk
	}
	return x, lj
}

// CholeskyCov builds an m×n (m >= n) Cholesky factor, row-major:
// row by row the lower triangle from u, the diagonal through exp;
// log|J| = Σ of the u on the diagonal.
func CholeskyCov(b *ir.Builder, u []ir.Value, m, n int) (x []ir.Value, lj ir.Value) {
	zero := b.Const(0)
	x = make([]ir.Value, m*n)
	for i := range x {
		x[i] = zero
	}
	lj = zero
	pos := 0
	for i := 0; i < m; i++ {
		for j := 0; j < min(i+1, n); j++ {
			if i == j {
				x[i*n+j] = b.Exp(u[pos])
				lj = b.Add(lj, u[pos])
			} else {
				x[i*n+j] = u[pos]
			}
			pos++
		}
	}
	return x, lj
}

// CholeskyCorr builds a k×k Cholesky factor of a correlation
// matrix from k(k-1)/2 values, row by row: z = tanh(u) are canonical
// partial correlations, L_i0 = z, L_ij = z sqrt(1 - Σ_{j'<j} L_ij'²),
// L_ii = sqrt(1 - Σ_{j<i} L_ij²); log|J| = Σ log(1 - z²) + Σ_{j>0}
// log(1 - Σ_{j'<j} L_ij'²)/2.
func CholeskyCorr(b *ir.Builder, u []ir.Value, k int) (x []ir.Value, lj ir.Value) {
	zero, one := b.Const(0), b.Const(1)
	x = make([]ir.Value, k*k)
	for i := range x {
		x[i] = zero
	}
	lj = zero
	pos := 0
	if k > 0 {
		x[0] = one
	}
	for i := 1; i < k; i++ {
		var sumSqs ir.Value
		for j := 0; j < i; j++ {
			z := b.Apply(ir.OpTanh, u[pos])
			pos++
			lj = b.Add(lj, b.Apply(ir.OpLog1p, b.Neg(b.Square(z))))
			if j == 0 {
				x[i*k] = z
				sumSqs = b.Square(z)
				continue
			}
			rem := b.Sub(one, sumSqs)
			lj = b.Add(lj, b.Mul(b.Const(0.5), b.Log(rem)))
			x[i*k+j] = b.Mul(z, b.Apply(ir.OpSqrt, rem))
			sumSqs = b.Add(sumSqs, b.Square(x[i*k+j]))
		}
		x[i*k+i] = b.Apply(ir.OpSqrt, b.Sub(one, sumSqs))
	}
	return x, lj
}

// CorrMatrix is Stan's corr_matrix: canonical partial correlations
// z = tanh(u) taken column by column (Lewandowski, Kurowicka & Joe 2009),
// the Cholesky factor L_ij = z_ij sqrt(Π_{j'<j} (1 - z_ij'²)), and
// Σ = L L'. log|J| = Σ log(1 - z²) + Σ_{k, i>k} (K - k - 2)/2 log(1 - z_ik²)
// (k 0-based), the Jacobian to Σ's strict lower triangle.
func CorrMatrix(b *ir.Builder, u []ir.Value, k int) (x []ir.Value, lj ir.Value) {
	zero, one := b.Const(0), b.Const(1)
	L := make([]ir.Value, k*k)
	for i := range L {
		L[i] = zero
	}
	lj = zero
	acc := make([]ir.Value, k) // Π (1 - z²) so far, per row
	for i := range acc {
		acc[i] = one
	}
	pos := 0
	for j := 0; j < k; j++ {
		L[j*k+j] = b.Apply(ir.OpSqrt, acc[j])
		if j == 0 {
			L[0] = one
		}
		for i := j + 1; i < k; i++ {
			z := b.Apply(ir.OpTanh, u[pos])
			pos++
			l1mz2 := b.Apply(ir.OpLog1p, b.Neg(b.Square(z)))
			lj = b.Add(lj, b.Add(l1mz2, b.Mul(b.Const(0.5*float64(k-j-2)), l1mz2)))
			if j == 0 {
				L[i*k] = z
			} else {
				L[i*k+j] = b.Mul(z, b.Apply(ir.OpSqrt, acc[i]))
			}
			acc[i] = b.Mul(acc[i], b.Sub(one, b.Square(z)))
		}
	}
	return lowerTriSelfTranspose(b, L, k), lj
}

// CovMatrix is Stan's cov_matrix: a Cholesky factor with the
// lower triangle from u row by row and exp on the diagonal, Σ = L L';
// log|J| = K log 2 + Σ_k (K - k + 1) log L_kk (k 0-based), the Jacobian
// to Σ's lower triangle.
func CovMatrix(b *ir.Builder, u []ir.Value, k int) (x []ir.Value, lj ir.Value) {
	L, _ := CholeskyCov(b, u, k, k)
	lj = b.Const(float64(k) * math.Ln2)
	pos := 0
	for i := 0; i < k; i++ {
		pos += i // the strictly lower part of row i
		lj = b.Add(lj, b.Mul(b.Const(float64(k-i+1)), u[pos]))
		pos++
	}
	return lowerTriSelfTranspose(b, L, k), lj
}

// lowerTriSelfTranspose is L L' for a lower-triangular k×k L, row-major.
func lowerTriSelfTranspose(b *ir.Builder, L []ir.Value, k int) []ir.Value {
	x := make([]ir.Value, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			s := b.Mul(L[i*k], L[j*k])
			for m := 1; m <= j; m++ {
				s = b.Add(s, b.Mul(L[i*k+m], L[j*k+m]))
			}
			x[i*k+j], x[j*k+i] = s, s
		}
	}
	return x
}

// ---------------------------------------------------------------- inverses

// UnconstrainBound inverts Bound for one element (NaN bounds absent).
func UnconstrainBound(x, lo, hi float64, hasLo, hasHi bool) float64 {
	switch {
	case hasLo && hasHi:
		p := (x - lo) / (hi - lo)
		return math.Log(p / (1 - p))
	case hasLo:
		return math.Log(x - lo)
	case hasHi:
		return math.Log(hi - x)
	}
	return x
}

// UnconstrainSimplex inverts Simplex.
func UnconstrainSimplex(x []float64) []float64 {
	km1 := len(x) - 1
	u := make([]float64, km1)
	stick := 1.0
	for k := 0; k < km1; k++ {
		z := x[k] / stick
		u[k] = math.Log(z/(1-z)) + math.Log(float64(km1-k))
		stick -= x[k]
	}
	return u
}

// UnconstrainSumToZero inverts SumToZero: the coordinates of x in
// its orthonormal basis, u_i = (Σ_{j≤i} x_j - i x_{i+1})/√(i(i+1)). x not
// summing to 0 (within Stan's CONSTRAINT_TOLERANCE, 1e-8, as
// check_sum_to_zero) gives NaN.
func UnconstrainSumToZero(x []float64) []float64 {
	n := len(x) - 1
	u := make([]float64, max(n, 0))
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	prefix := 0.0
	for i := 1; i <= n; i++ {
		prefix += x[i-1]
		u[i-1] = (prefix - float64(i)*x[i]) / math.Sqrt(float64(i)*float64(i+1))
		if !(math.Abs(sum) <= 1e-8) {
			u[i-1] = math.NaN()
		}
	}
	return u
}

// UnconstrainStochastic inverts Stochastic: UnconstrainSimplex of each
// row (byRow) or column of the row-major n×m x.
func UnconstrainStochastic(x []float64, n, m int, byRow bool) []float64 {
	lines, length := m, n
	if byRow {
		lines, length = n, m
	}
	var u []float64
	line := make([]float64, length)
	for l := range lines {
		for k := range line {
			if byRow {
				line[k] = x[l*m+k]
			} else {
				line[k] = x[k*m+l]
			}
		}
		u = append(u, UnconstrainSimplex(line)...)
	}
	return u
}

// UnconstrainSumToZeroMatrix inverts SumToZeroMatrix: UnconstrainSumToZero
// of each row of x (rotated back), then of each column of the result. A
// row of x not summing to 0 gives NaN in the first step, and so does a
// column in the second (the columns of the first step's result sum to
// the columns' sums of x in SumToZero's coordinates, all 0 only when
// those are, since they sum to 0 when the rows do).
func UnconstrainSumToZeroMatrix(x []float64, n, m int) []float64 {
	y := make([]float64, n*(m-1)) // the rows' coordinates, n×(m-1)
	row := make([]float64, m)
	for i := range n {
		for j := range row {
			row[j] = x[(i+n-1)%n*m+(j+m-1)%m]
		}
		copy(y[i*(m-1):], UnconstrainSumToZero(row))
	}
	u := make([]float64, (n-1)*(m-1))
	col := make([]float64, n)
	for j := range m - 1 {
		for i := range col {
			col[i] = y[i*(m-1)+j]
		}
		for i, v := range UnconstrainSumToZero(col) {
			u[i*(m-1)+j] = v
		}
	}
	return u
}

// UnconstrainUnitVector inverts UnitVector at the point u = x of
// norm 1; x not of norm 1 (within Stan's CONSTRAINT_TOLERANCE, 1e-8, on
// the sum of squares, as check_unit_vector) gives NaN.
func UnconstrainUnitVector(x []float64) []float64 {
	ss := 0.0
	for _, v := range x {
		ss += v * v
	}
	u := append([]float64(nil), x...)
	if !(math.Abs(ss-1) <= 1e-8) {
		for i := range u {
			u[i] = math.NaN()
		}
	}
	return u
}

// UnconstrainOrdered inverts Ordered.
func UnconstrainOrdered(x []float64, positive bool) []float64 {
	u := make([]float64, len(x))
	for k := range x {
		switch {
		case k == 0 && positive:
			u[0] = math.Log(x[0])
		case k == 0:
			u[0] = x[0]
		default:
			u[k] = math.Log(x[k] - x[k-1])
		}
	}
	return u
}

// UnconstrainCholeskyCov inverts CholeskyCov (x row-major m×n).
func UnconstrainCholeskyCov(x []float64, m, n int) []float64 {
	var u []float64
	for i := 0; i < m; i++ {
		for j := 0; j < min(i+1, n); j++ {
			if i == j {
				u = append(u, math.Log(x[i*n+j]))
			} else {
				u = append(u, x[i*n+j])
			}
		}
	}
	return u
}

// UnconstrainCholeskyCorr inverts CholeskyCorr.
func UnconstrainCholeskyCorr(x []float64, k int) []float64 {
	var u []float64
	for i := 1; i < k; i++ {
		sumSqs := 0.0
		for j := 0; j < i; j++ {
			z := x[i*k+j]
			if j > 0 {
				z /= math.Sqrt(1 - sumSqs)
			}
			u = append(u, math.Atanh(z))
			sumSqs += x[i*k+j] * x[i*k+j]
		}
	}
	return u
}

// choleskyLower is the Cholesky factor of the symmetric positive-definite
// k×k a, row-major.
func choleskyLower(a []float64, k int) []float64 {
	L := make([]float64, k*k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			s := a[i*k+j]
			for m := 0; m < j; m++ {
				s -= L[i*k+m] * L[j*k+m]
			}
			if i == j {
				L[i*k+i] = math.Sqrt(s)
			} else {
				L[i*k+j] = s / L[j*k+j]
			}
		}
	}
	return L
}

// UnconstrainCovMatrix inverts CovMatrix.
func UnconstrainCovMatrix(x []float64, k int) []float64 {
	return UnconstrainCholeskyCov(choleskyLower(x, k), k, k)
}

// UnconstrainCorrMatrix inverts CorrMatrix.
func UnconstrainCorrMatrix(x []float64, k int) []float64 {
	L := choleskyLower(x, k)
	var u []float64
	for j := 0; j < k; j++ {
		for i := j + 1; i < k; i++ {
			ss := 0.0
			for m := 0; m < j; m++ {
				ss += L[i*k+m] * L[i*k+m]
			}
			u = append(u, math.Atanh(L[i*k+j]/math.Sqrt(1-ss)))
		}
	}
	return u
}
