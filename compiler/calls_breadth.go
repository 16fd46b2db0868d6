package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"

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
