package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
	"math"

	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mat"
)

// The breadth entries of the call tables of calls.go: Stan built-ins and
// multivariate distributions lowered to the ops of ops_math.go, or to
// short compositions of existing ops. breadthCalls and breadthDists return
// rows in the shapes of funcLowerings and distLowerings; calls.go's init
// adds each one whose name those tables do not already have.

// breadthUnaryOps are vectorised unary functions that are one op.
var breadthUnaryOps = map[string]ir.Op{
	"sin": ir.OpSin, "cos": ir.OpCos, "tan": ir.OpTan, "atan": ir.OpAtan, "erf": ir.OpErf, "erfc": ir.OpErfc,
	"Phi": ir.OpPhi, "log1m_exp": ir.OpLog1mExp,
}

// breadthDists are the rows of the multivariate families added for breadth.
func breadthDists() map[string]*distLowering {
	return map[string]*distLowering{
		"categorical":       {custom: lowerCategorical},
		"categorical_logit": {custom: lowerCategoricalLogit},
		"multinomial":       {custom: lowerMultinomial},
		"ordered_logistic":  {custom: lowerOrderedLogistic},
		"multi_normal":      {custom: lowerMultiNormal},
		"lkj_corr":          {custom: lowerLkjCorr},
		"lkj_corr_cholesky": {custom: lowerLkjCorrCholesky},
	}
}

// breadthCalls are the function rows.
func breadthCalls() map[string]callFunc {
	m := map[string]callFunc{
		// Phi_approx(x) = inv_logit(0.07056 x³ + 1.5976 x) (Bowling et al.
		// 2009, "A logistic approximation to the cumulative normal
		// distribution"; Stan's Phi_approx)
		"Phi_approx": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			x := a[0]
			cube := l.ewise(c, ir.OpMul, 0, l.ewise(c, ir.OpSquare, 0, x), x)
			lin := l.ewise(c, ir.OpAdd, 0, l.ewise(c, ir.OpMul, 0, knownScalar(0.07056, false), cube),
				l.ewise(c, ir.OpMul, 0, knownScalar(1.5976, false), x))
			return l.ewise(c, ir.OpInvLogit, 0, lin)
		},
		// log_diff_exp(a, b) = a + log1m_exp(b - a); a when b = -Inf
		"log_diff_exp": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.ewise(c, ir.OpAdd, 0, a[0], l.ewise(c, ir.OpLog1mExp, 0, l.ewise(c, ir.OpSub, 0, a[1], a[0])))
		},
		"lbeta": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.ewise(c, ir.OpLbeta, 0, a[0], a[1]) },
		// lchoose(n, k) = -log1p(n) - lbeta(n-k+1, k+1), as library.Lchoose
		"lchoose": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			one := knownScalar(1, false)
			lb := l.ewise(c, ir.OpLbeta, 0, l.ewise(c, ir.OpAdd, 0, l.ewise(c, ir.OpSub, 0, a[0], a[1]), one), l.ewise(c, ir.OpAdd, 0, a[1], one))
			return l.ewise(c, ir.OpSub, 0, l.ewise(c, ir.OpNeg, 0, l.ewise(c, ir.OpLog1p, 0, a[0])), lb)
		},
		// step(x) = 0 if x < 0, else 1 (so step(NaN) = 1); int_step(x) = 1 if x > 0, else 0
		"step": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.ewise(c, ir.OpSub, 0, knownScalar(1, false), l.ewise(c, ir.OpLt, 0, a[0], knownScalar(0, false)))
		},
		"int_step": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			v := l.ewise(c, ir.OpLt, 0, knownScalar(0, false), a[0])
			v.isInt, v.kind = true, lang.KindInt
			return v
		},
		// is_nan(x) = x != x; is_inf(x) = |x| == Inf
		"is_nan": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			v := l.ewise(c, ir.OpNe, 0, a[0], a[0])
			v.isInt, v.kind = true, lang.KindInt
			return v
		},
		"is_inf": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			v := l.ewise(c, ir.OpEq, 0, l.ewise(c, ir.OpFabs, 0, a[0]), knownScalar(math.Inf(1), false))
			v.isInt, v.kind = true, lang.KindInt
			return v
		},
		"fma": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.ewise(c, ir.OpAdd, 0, l.ewise(c, ir.OpMul, 0, a[0], a[1]), a[2])
		},
		"prod": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.reduce(c, a[0], ir.OpProd, func(x []float64) float64 {
				p := 1.0
				for _, v := range x {
					p *= v
				}
				return p
			})
		},
		"max": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.minMax(c, a, ir.OpMaxOf) },
		"min": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.minMax(c, a, ir.OpMinOf) },
		// variance = Σ (x_i - mean)² / (n - 1), the two-pass form (Chan,
		// Golub & LeVeque 1983), stable where Σx² - n mean² cancels
		"variance": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.variance(c, a[0]) },
		"sd": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.ewise(c, ir.OpSqrt, 0, l.variance(c, a[0]))
		},
		// log_softmax(x) = x - log_sum_exp(x); softmax = exp(log_softmax)
		"log_softmax": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.logSoftmax(c, a[0]) },
		"softmax": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.ewise(c, ir.OpExp, 0, l.logSoftmax(c, a[0]))
		},
		"cumulative_sum": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			x := a[0]
			if x.lanes > 0 {
				l.vectorFail()
			}
			if x.known != nil {
				out := make([]float64, len(x.known))
				s := 0.0
				for i, v := range x.known {
					s += v
					out[i] = s
				}
				return &val{dims: x.dims, kind: x.kind, isInt: x.isInt, known: out}
			}
			return &val{dims: x.dims, kind: x.kind, whole: l.b.Apply(ir.OpCumSum, l.node(x))}
		},
		"diagonal": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			m := a[0]
			r, k := m.dims[0], m.dims[1]
			off := make([]int, min(r, k))
			for i := range off {
				off[i] = i*k + i
			}
			v := l.pick(m, off)
			v.kind = lang.KindVector
			return v
		},
		"rows_dot_product": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.rowsDot(c, a[0], a[1], false)
		},
		"columns_dot_product": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.rowsDot(c, a[0], a[1], true)
		},
		// diag_pre_multiply(v, M)[i,j] = v_i M[i,j]; diag_post_multiply(M, v)[i,j] = M[i,j] v_j
		"diag_pre_multiply": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.diagMultiply(c, a[1], a[0], true)
		},
		"diag_post_multiply": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.diagMultiply(c, a[0], a[1], false)
		},
		// quad_form(A, v) = v' A v; quad_form(A, B) = B' A B
		"quad_form": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			A, B := a[0], a[1]
			if B.kind == lang.KindVector {
				return l.dot(B, l.matVec(A, B))
			}
			return l.matMat(c, l.transpose(c, B), l.matMat(c, A, B))
		},
		// multiply_lower_tri_self_transpose(L) = tril(L) tril(L)'
		"multiply_lower_tri_self_transpose": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			L := l.lowerTri(a[0])
			return l.matMat(c, L, l.transpose(c, L))
		},
		"mdivide_left_tri_low": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			return l.forwardSubst(c, a[0], a[1])
		},
		"log_determinant": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.logAbsDet(c, a[0]) },
	}
	for name, op := range breadthUnaryOps {
		m[name] = func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.ewise(c, op, 0, a[0]) }
	}
	return m
}

// reduce applies the reduction op to the elements of x; known when x is.
func (l *lowerer) reduce(n lang.Node, x *val, op ir.Op, f func([]float64) float64) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	if x.known != nil {
		v := knownScalar(f(x.known), x.isInt)
		v.autodiff = x.autodiff
		return v
	}
	if x.scalar() {
		return x
	}
	return symbolic(nil, lang.KindReal, l.b.Apply(op, l.node(x)))
}

// minMax is the binary fmin/fmax-like form (min(a, b): a < b ? a : b, as
// Stan's; max(a, b): b < a ? a : b) or the reduction.
func (l *lowerer) minMax(n lang.Node, a []*val, op ir.Op) *val {
	if len(a) == 2 {
		x, y := a[0], a[1]
		var v *val
		if op == ir.OpMinOf {
			v = l.ewise(n, ir.OpSelect, 0, l.ewise(n, ir.OpLt, 0, x, y), x, y)
		} else {
			v = l.ewise(n, ir.OpSelect, 0, l.ewise(n, ir.OpLt, 0, y, x), x, y)
		}
		v.isInt = x.isInt && y.isInt
		if v.isInt {
			v.kind = lang.KindInt
		}
		return v
	}
	f := func(x []float64) float64 {
		m := x[0]
		for _, v := range x[1:] {
			if math.IsNaN(v) || (op == ir.OpMaxOf && v > m) || (op == ir.OpMinOf && v < m) {
				m = v
			}
		}
		return m
	}
	return l.reduce(n, a[0], op, f)
}

func (l *lowerer) variance(n lang.Node, x *val) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	k := x.size()
	if k < 2 {
		l.fail(n, "variance needs at least 2 elements, found %d", k)
	}
	mean := l.ewise(n, ir.OpDiv, 0, l.sum(x), knownScalar(float64(k), false))
	dev := l.ewise(n, ir.OpSquare, 0, l.ewise(n, ir.OpSub, 0, x, mean))
	return l.ewise(n, ir.OpDiv, 0, l.sum(dev), knownScalar(float64(k-1), false))
}

func (l *lowerer) logSoftmax(n lang.Node, x *val) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	if x.known != nil {
		lse := library.LogSumExp(x.known)
		out := make([]float64, len(x.known))
		for i, v := range x.known {
			out[i] = v - lse
		}
		return &val{dims: x.dims, kind: x.kind, known: out}
	}
	xn := l.node(x)
	return &val{dims: x.dims, kind: x.kind, whole: l.b.Sub(xn, l.b.LogSumExp(xn))}
}

// rowsDot is the dot product of each row (or, with cols, each column) of
// two matrices; for vectors, the elementwise product (each "row" of a
// vector is one element) or, for columns_dot_product, their dot product.
func (l *lowerer) rowsDot(n lang.Node, x, y *val, cols bool) *val {
	if x.kind != lang.KindMatrix {
		if cols == (x.kind == lang.KindVector) {
			v := l.dot(x, y)
			v.dims, v.kind = []int{1}, lang.KindRowVector
			if !cols {
				v.kind = lang.KindVector
			}
			if v.known != nil {
				return v
			}
			return &val{dims: v.dims, kind: v.kind, elems: []ir.Value{v.whole}}
		}
		v := l.ewise(n, ir.OpMul, 0, x, y)
		v.kind = lang.KindVector
		if cols {
			v.kind = lang.KindRowVector
		}
		return v
	}
	if cols {
		x, y = l.transpose(n, x), l.transpose(n, y)
	}
	r, c := x.dims[0], x.dims[1]
	prod := l.ewise(n, ir.OpMul, 0, x, y)
	xs := make([]ir.Value, r)
	for i := range xs {
		off := make([]int, c)
		for j := range off {
			off[j] = i*c + j
		}
		xs[i] = l.node(l.sum(l.pick(prod, off)))
	}
	kind := lang.KindVector
	if cols {
		kind = lang.KindRowVector
	}
	return l.fromElems([]int{r}, kind, xs)
}

// diagMultiply scales the rows (pre) or the columns of m by v.
func (l *lowerer) diagMultiply(n lang.Node, m, v *val, pre bool) *val {
	r, c := m.dims[0], m.dims[1]
	xs := make([]ir.Value, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			k := j
			if pre {
				k = i
			}
			xs[i*c+j] = l.b.Mul(l.elem(v, k), l.elem(m, i*c+j))
		}
	}
	return l.fromElems([]int{r, c}, lang.KindMatrix, xs)
}

// lowerTri is m with the elements above the diagonal set to 0.
func (l *lowerer) lowerTri(m *val) *val {
	r, c := m.dims[0], m.dims[1]
	xs := make([]ir.Value, r*c)
	zero := l.b.Const(0)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			xs[i*c+j] = zero
			if j <= i {
				xs[i*c+j] = l.elem(m, i*c+j)
			}
		}
	}
	return l.fromElems([]int{r, c}, lang.KindMatrix, xs)
}

// forwardSubst solves L x = b for the lower triangle of L by forward
// substitution, x_i = (b_i - Σ_{j<i} L_ij x_j) / L_ii (Golub & Van Loan,
// "Matrix Computations", 4th ed., Alg. 3.1.1), column by column for a
// matrix b; the adjoint is that of the same scalar program.
func (l *lowerer) forwardSubst(n lang.Node, L, b *val) *val {
	k := L.dims[0]
	cols := 1
	if b.kind == lang.KindMatrix {
		cols = b.dims[1]
	}
	xs := make([]ir.Value, k*cols)
	for c := 0; c < cols; c++ {
		for i := 0; i < k; i++ {
			acc := l.elem(b, i*cols+c)
			for j := 0; j < i; j++ {
				acc = l.b.Sub(acc, l.b.Mul(l.elem(L, i*k+j), xs[j*cols+c]))
			}
			xs[i*cols+c] = l.b.Div(acc, l.elem(L, i*k+i))
		}
	}
	return l.fromElems(b.dims, b.kind, xs)
}

// logAbsDet is log|det A| = Σ log|U_ii| of the LU factorisation A = LU.
// A known matrix is factored here with partial pivoting; a parameter
// matrix is factored by Doolittle's elimination without pivoting, unrolled
// over scalar nodes (Golub & Van Loan, "Matrix Computations", 4th ed.,
// Alg. 3.2.1), whose pivot order cannot depend on values unknown at
// compile time: exact, and stable for the diagonally dominant and
// positive definite matrices of statistical models, but a zero leading
// principal minor (a permutation matrix, say) gives -Inf or NaN.
func (l *lowerer) logAbsDet(n lang.Node, A *val) *val {
	if A.lanes > 0 {
		l.vectorFail()
	}
	k := A.dims[0]
	if A.known != nil {
		var lu mat.LU
		lu.Factorize(mat.NewDense(k, k, append([]float64(nil), A.known...)))
		ld, _ := lu.LogDet()
		return knownScalar(ld, false)
	}
	u := l.elemsOf(A)
	u = append([]ir.Value(nil), u...)
	acc := l.b.Const(0)
	for j := 0; j < k; j++ {
		p := u[j*k+j]
		acc = l.b.Add(acc, l.b.Log(l.b.Apply(ir.OpFabs, p)))
		for i := j + 1; i < k; i++ {
			f := l.b.Div(u[i*k+j], p)
			for c := j + 1; c < k; c++ {
				u[i*k+c] = l.b.Sub(u[i*k+c], l.b.Mul(f, u[j*k+c]))
			}
		}
	}
	return symbolic(nil, lang.KindReal, acc)
}

// logDetSPD is log det A = 2 Σ log L_ii with L = cholesky_decompose(A).
func (l *lowerer) logDetSPD(A *val) ir.Value {
	L := lowerCholesky(l, nil, []*val{A})
	k := A.dims[0]
	acc := l.b.Const(0)
	for i := 0; i < k; i++ {
		acc = l.b.Add(acc, l.b.Log(l.elem(L, i*k+i)))
	}
	return l.b.Mul(l.b.Const(2), acc)
}

// outcomes returns the known integer outcomes of a discrete multivariate
// density, 1-based, checked against 1..k.
func (l *lowerer) outcomes(n lang.Node, name string, y *val, k int) []int {
	if y.known == nil {
		l.fail(n, "bayes cannot compile %s with an outcome that is not data yet", name)
	}
	out := make([]int, len(y.known))
	for i, v := range y.known {
		if v < 1 || v > float64(k) || v != math.Trunc(v) {
			l.fail(n, "%s: outcome %v at position %d outside 1:%d", name, v, i+1, k)
		}
		out[i] = int(v)
	}
	return out
}

// lowerCategorical: Σ_i log θ[y_i] = Σ_k c_k log θ_k, c_k the number of
// outcomes equal to k (Functions Reference, "Categorical distribution").
func lowerCategorical(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	if anyLanes(a) {
		l.vectorFail()
	}
	theta := a[1]
	k := theta.size()
	counts := make([]int, k+1)
	for _, y := range l.outcomes(n, "categorical", a[0], k) {
		counts[y]++
	}
	acc := l.b.Const(0)
	for j := 1; j <= k; j++ {
		if counts[j] > 0 {
			acc = l.b.Add(acc, l.b.Mul(l.b.Const(float64(counts[j])), l.b.Log(l.elem(theta, j-1))))
		}
	}
	return symbolic(nil, lang.KindReal, acc)
}

// lowerCategoricalLogit: Σ_i β[y_i] - N log_sum_exp(β).
func lowerCategoricalLogit(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	if anyLanes(a) {
		l.vectorFail()
	}
	beta := a[1]
	k := beta.size()
	ys := l.outcomes(n, "categorical_logit", a[0], k)
	acc := l.b.Mul(l.b.Const(-float64(len(ys))), l.b.LogSumExp(l.node(beta)))
	counts := make([]int, k+1)
	for _, y := range ys {
		counts[y]++
	}
	for j := 1; j <= k; j++ {
		if counts[j] > 0 {
			acc = l.b.Add(acc, l.b.Mul(l.b.Const(float64(counts[j])), l.elem(beta, j-1)))
		}
	}
	return symbolic(nil, lang.KindReal, acc)
}

// lowerMultinomial: lgamma(N+1) - Σ lgamma(y_k+1) + Σ y_k log θ_k, N = Σ y_k,
// with 0 log θ = 0; `~` drops the multinomial coefficient.
func lowerMultinomial(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	if anyLanes(a) {
		l.vectorFail()
	}
	y, theta := a[0], a[1]
	if y.known == nil {
		l.fail(n, "bayes cannot compile multinomial with an outcome that is not data yet")
	}
	acc := l.b.Const(0)
	coef, total := 0.0, 0.0
	for i, c := range y.known {
		total += c
		coef -= library.Lgamma(c + 1)
		if c != 0 {
			acc = l.b.Add(acc, l.b.Mul(l.b.Const(c), l.b.Log(l.elem(theta, i))))
		}
	}
	if !propto {
		acc = l.b.Add(acc, l.b.Const(coef+library.Lgamma(total+1)))
	}
	return symbolic(nil, lang.KindReal, acc)
}

// lowerOrderedLogistic: with K-1 cutpoints c and η for each outcome y,
// log1m_inv_logit(η - c_1) for y = 1, log_inv_logit(η - c_{K-1}) for y = K,
// else log(inv_logit(η - c_{y-1}) - inv_logit(η - c_y)), computed as
// Stan's log_inv_logit_diff(a, b) = a - log1p_exp(a) + log1m_exp(b - a)
// - log1p_exp(b) (Functions Reference, "Ordered logistic distribution").
// With a vector η the outcomes are grouped into the three cases, each one
// vector expression over gathered η and cutpoints, so the IR does not grow
// with the number of outcomes.
func lowerOrderedLogistic(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	if anyLanes(a) {
		l.vectorFail()
	}
	y, eta, cut := a[0], a[1], a[2]
	k := cut.size() + 1
	ys := l.outcomes(n, "ordered_logistic", y, k)
	if !eta.scalar() && eta.size() != len(ys) {
		l.fail(n, "ordered_logistic: %d outcomes and %d locations", len(ys), eta.size())
	}
	b := l.b
	// term is the log probability of the outcomes of one case, given η
	// (scalar or vector) and the cutpoints below (lo) and above (hi).
	term := func(e, lo, hi ir.Value, yi int) ir.Value {
		switch {
		case yi == 1:
			return b.Apply(ir.OpLog1mInvLogit, b.Sub(e, hi))
		case yi == k:
			return b.Apply(ir.OpLogInvLogit, b.Sub(e, lo))
		}
		x, z := b.Sub(e, lo), b.Sub(e, hi)
		t := b.Sub(x, b.Apply(ir.OpLog1pExp, x))
		t = b.Add(t, b.Apply(ir.OpLog1mExp, b.Sub(z, x)))
		return b.Sub(t, b.Apply(ir.OpLog1pExp, z))
	}
	acc := b.Const(0)
	if eta.scalar() {
		counts := make([]int, k+1)
		for _, yi := range ys {
			counts[yi]++
		}
		e := l.node(eta)
		for yi := 1; yi <= k; yi++ {
			if counts[yi] == 0 {
				continue
			}
			lo, hi := ir.NoValue, ir.NoValue
			if yi > 1 {
				lo = l.elem(cut, yi-2)
			}
			if yi < k {
				hi = l.elem(cut, yi-1)
			}
			acc = b.Add(acc, b.Mul(b.Const(float64(counts[yi])), term(e, lo, hi, yi)))
		}
		return symbolic(nil, lang.KindReal, acc)
	}
	var first, last, mid, midLo, midHi []int
	for i, yi := range ys {
		switch {
		case yi == 1:
			first = append(first, i)
		case yi == k:
			last = append(last, i)
		default:
			mid = append(mid, i)
			midLo, midHi = append(midLo, yi-2), append(midHi, yi-1)
		}
	}
	etaNode := l.node(eta)
	gather := func(x ir.Value, idx []int, n int) ir.Value { return b.Gather(x, b.Index(idx, n)) }
	if len(first) > 0 {
		acc = b.Add(acc, b.Sum(term(gather(etaNode, first, len(ys)), ir.NoValue, l.elem(cut, 0), 1)))
	}
	if len(last) > 0 {
		acc = b.Add(acc, b.Sum(term(gather(etaNode, last, len(ys)), l.elem(cut, k-2), ir.NoValue, k)))
	}
	if len(mid) > 0 {
		cutNode := l.node(cut)
		e := gather(etaNode, mid, len(ys))
		acc = b.Add(acc, b.Sum(term(e, gather(cutNode, midLo, k-1), gather(cutNode, midHi, k-1), 2)))
	}
	return symbolic(nil, lang.KindReal, acc)
}

func anyLanes(a []*val) bool {
	for _, v := range a {
		if v.lanes > 0 {
			return true
		}
	}
	return false
}

// lowerMultiNormal: multi_normal_cholesky with L = cholesky_decompose(Σ),
// factored once; an array of outcome vectors (and of locations) is the sum
// over its rows, as Stan vectorises multi_normal.
func lowerMultiNormal(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	if anyLanes(a) {
		l.vectorFail()
	}
	y, mu := a[0], a[1]
	L := lowerCholesky(l, nil, []*val{a[2]})
	if len(y.dims) == 1 && len(mu.dims) == 1 {
		return lowerMultiNormalCholesky(l, n, []*val{y, mu, L}, propto)
	}
	rows := y.dims[0]
	if len(y.dims) == 1 {
		rows = mu.dims[0]
	}
	row := func(x *val, i int) *val {
		if len(x.dims) == 1 {
			return x
		}
		k := x.dims[1]
		r := l.pick(x, seqFrom(i*k, k))
		r.kind = lang.KindVector
		return r
	}
	acc := l.b.Const(0)
	for i := 0; i < rows; i++ {
		lp := lowerMultiNormalCholesky(l, n, []*val{row(y, i), row(mu, i), L}, propto)
		acc = l.b.Add(acc, l.node(lp))
	}
	return symbolic(nil, lang.KindReal, acc)
}

func seqFrom(lo, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = lo + i
	}
	return out
}

// lkjLogNorm builds -log c_K(η), the log normalising constant of the LKJ
// density det(Ω)^(η-1) / c_K(η) over K×K correlation matrices
// (Lewandowski, Kurowicka & Joe 2009, "Generating random correlation
// matrices based on vines and extended onion method", eq. 16):
//
//	c_K(η) = 2^(Σ_{k=1}^{K-1} (2η-2+K-k)(K-k)) Π_{k=1}^{K-1} B(η + (K-k-1)/2, η + (K-k-1)/2)^(K-k).
func (l *lowerer) lkjLogNorm(eta ir.Value, K int) ir.Value {
	acc := l.b.Const(0)
	two := l.b.Const(2)
	for k := 1; k < K; k++ {
		km := float64(K - k)
		e := l.b.Mul(l.b.Const(km), l.b.Add(l.b.Mul(two, eta), l.b.Const(km-2)))
		acc = l.b.Add(acc, l.b.Mul(l.b.Const(library.Ln2), e))
		ab := l.b.Add(eta, l.b.Const((km-1)/2))
		acc = l.b.Add(acc, l.b.Mul(l.b.Const(km), l.b.Apply(ir.OpLbeta, ab, ab)))
	}
	return l.b.Neg(acc)
}

// lowerLkjCorrCholesky: Σ_{i=2}^{K} (K - i + 2η - 2) log L_ii - log c_K(η)
// (Stan Math lkj_corr_cholesky_lpdf: the LKJ density of Ω = L L' times the
// Jacobian Π L_ii^(K-i) of Ω -> L); `~` drops the constant when η is data.
func lowerLkjCorrCholesky(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	L, eta := a[0], a[1]
	if anyLanes(a) {
		l.vectorFail()
	}
	if len(L.dims) != 2 {
		l.fail(n, "bayes cannot compile lkj_corr_cholesky of an array of matrices yet")
	}
	K := L.dims[0]
	e := l.node(eta)
	acc := l.b.Const(0)
	for i := 1; i < K; i++ { // 0-based row i is Stan's i+1
		w := l.b.Add(l.b.Mul(l.b.Const(2), e), l.b.Const(float64(K-i-1)-2))
		acc = l.b.Add(acc, l.b.Mul(w, l.b.Log(l.elem(L, i*K+i))))
	}
	if !(propto && eta.constant()) {
		acc = l.b.Add(acc, l.lkjLogNorm(e, K))
	}
	return symbolic(nil, lang.KindReal, acc)
}

// lowerLkjCorr: (η - 1) log det Ω - log c_K(η), log det Ω through the
// Cholesky factor.
func lowerLkjCorr(l *lowerer, n lang.Node, a []*val, propto bool) *val {
	O, eta := a[0], a[1]
	if anyLanes(a) {
		l.vectorFail()
	}
	if len(O.dims) != 2 {
		l.fail(n, "bayes cannot compile lkj_corr of an array of matrices yet")
	}
	e := l.node(eta)
	acc := l.b.Mul(l.b.Sub(e, l.b.Const(1)), l.logDetSPD(O))
	if !(propto && eta.constant()) {
		acc = l.b.Add(acc, l.lkjLogNorm(e, O.dims[0]))
	}
	return symbolic(nil, lang.KindReal, acc)
}
