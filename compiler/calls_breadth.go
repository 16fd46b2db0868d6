package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
	"math"

	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mat"
)

// The breadth entries of the call tables of calls.go: Stan built-ins
// lowered to the ops of ops_math.go, or to short compositions of existing
// ops. breadthCalls returns rows in the shape of funcLowerings; calls.go's
// init adds each one whose name that table does not already have.

// breadthCalls are the function rows.
func breadthCalls() map[string]callFunc {
	m := map[string]callFunc{
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
