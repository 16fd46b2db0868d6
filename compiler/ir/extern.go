package ir

// Extern ops: a vector function that the IR does not spell out, computed
// by Go code the lowering supplies (the solution of an ODE at its output
// times), together with its Jacobian. The node's value is f(x) followed by
// ∂f/∂x; Builder.Extern returns the gather of f(x), and the adjoint of
// the node is Jᵀ adj built from its Jacobian part with gather, multiply
// and scatter-add, so reverse mode needs nothing new. The CPU kernel runs
// the function (package kernel); the C emitter refuses it. An extern whose
// Jacobian is mostly zeros by construction (map_rect's: each job's outputs
// depend on the shared parameters and its own only) gives its pattern
// (SparseExtern), and its node holds and multiplies only those entries.

// Extern is a function computed outside the IR. Eval is called from many
// chains at once and must be safe for that.
type Extern interface {
	// Name is what messages call it (the Stan function: ode_rk45).
	Name() string
	// In and Out are the lengths of x and f(x).
	In() int
	Out() int
	// Eval writes f(x) into out[:Out] and ∂f_i/∂x_j into out[Out+i*In+j];
	// where f cannot be computed (an ODE solver's failure) it writes NaN,
	// so that the log density is NaN and the sampler rejects the point.
	Eval(x, out []float64)
}

// SparseExtern is an Extern whose Jacobian is zero outside a pattern
// fixed when it is built: its Eval writes f(x) into out[:Out] and
// ∂f_rows[k]/∂x_cols[k] into out[Out+k], for each k of Jacobian's pattern.
type SparseExtern interface {
	Extern
	Jacobian() (rows, cols []int)
}

// jacobian is the pattern of e's Jacobian part: SparseExtern's, or every
// entry, row by row.
func jacobian(e Extern) (rows, cols []int) {
	if s, ok := e.(SparseExtern); ok {
		return s.Jacobian()
	}
	in, out := e.In(), e.Out()
	rows, cols = make([]int, out*in), make([]int, out*in)
	for r := 0; r < out; r++ {
		for c := 0; c < in; c++ {
			rows[r*in+c], cols[r*in+c] = r, c
		}
	}
	return rows, cols
}

// Extern returns f(x) for the function e of the vector x, built as an
// OpExtern node (Aux indexes Graph.Externs) and the gather of its value part.
func (b *Builder) Extern(e Extern, x Value) Value {
	if s := b.ShapeOf(x); s.Kind != Vector || s.N != e.In() {
		Bailf("%s: argument is %s, want vector[%d]", e.Name(), s, e.In())
	}
	b.G.Externs = append(b.G.Externs, e)
	n := b.ApplyAux(OpExtern, len(b.G.Externs)-1, x)
	idx := make([]int, e.Out())
	for i := range idx {
		idx[i] = i
	}
	return b.Gather(n, b.Index(idx, b.ShapeOf(n).N))
}

// externArg is the Extern of node n.
func externArg(g *Graph, n *Node) Extern {
	if n.Aux < 0 || n.Aux >= len(g.Externs) {
		Bailf("extern: no function %d", n.Aux)
	}
	return g.Externs[n.Aux]
}

var externRow = OpInfo{Name: "extern", Arity: 1,
	Shape: func(g *Graph, n *Node) Shape {
		e := externArg(g, n)
		if x := wantShape(g, n, 0, Vector); x.N != e.In() {
			Bailf("extern %s: argument vector[%d], want vector[%d]", e.Name(), x.N, e.In())
		}
		nnz := e.Out() * e.In()
		if s, ok := e.(SparseExtern); ok {
			rows, _ := s.Jacobian()
			nnz = len(rows)
		}
		return VectorShape(e.Out() + nnz)
	},
	// (Jᵀ u)_j = Σ_i J_ij u_i with u = adj[:Out]: the Jacobian part times
	// u gathered by row, scatter-added by column.
	Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
		e := externArg(b.G, b.G.Node(n))
		rows, cols := jacobian(e)
		L := b.ShapeOf(n).N
		jac := make([]int, len(rows))
		for k := range jac {
			jac[k] = e.Out() + k
		}
		prod := b.Mul(b.Gather(n, b.Index(jac, L)), b.Gather(adj, b.Index(rows, L)))
		return b.ScatterAdd(prod, b.Index(cols, e.In()))
	},
	C: "/* not emitted, package emit refuses it: $0 */"}
