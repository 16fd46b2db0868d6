package ir

// Reverse-mode differentiation at the vector level, symbolic: the adjoint of
// every node is itself an IR value built with the same Builder, so the
// gradient is a program in the same IR (no run-time tape) and profits from
// the same folding, hash-consing and fusion (Griewank & Walther, "Evaluating
// Derivatives", 2nd ed., ch. 3, the adjoint recurrence v̄_j = Σ_i v̄_i ∂φ_i/∂v_j).
//
// Each op's partials are its table row's Adjoint rule: an elementwise map
// multiplies by its derivative, a sum broadcasts its adjoint, a gather's
// adjoint is a scatter-add, a matrix-vector product's uses the transpose.
// Adjoints of nodes used more than once accumulate by addition.

// Program is a log density and its gradient over one graph. LP is the scalar
// log density; Grads lists every parameter leaf with the value of its
// adjoint (NoValue where the density does not depend on it). Groups is the
// execution schedule that the fuse pass sets (simplify.go).
type Program struct {
	G      *Graph
	LP     Value
	Grads  []ParamGrad
	Groups []Group

	// consed says that G was built by one fresh Builder (rebuild): its
	// nodes are distinct, in order, with commutative arguments in order,
	// so that the cse pass would rebuild it node for node unchanged.
	consed bool
}

// ParamGrad pairs a parameter leaf (an OpParam node: q[off:off+len]) with
// its adjoint, d lp / d that slice.
type ParamGrad struct {
	Param, Adj Value
}

// Grad differentiates lp, a scalar built with b, with respect to every
// parameter leaf of b's graph, and returns the value+gradient program.
func Grad(b *Builder, lp Value) (p *Program, err error) {
	err = Build(func() error {
		p = grad(b, lp)
		return nil
	})
	return p, err
}

func grad(b *Builder, lp Value) *Program {
	// A failure names the statement whose node was being differentiated.
	defer func() {
		if r := recover(); r != nil {
			panic(AtOrigin(r, b.At))
		}
	}()
	b.At = b.G.Origin(lp)
	if b.ShapeOf(lp).Kind != Scalar {
		Bailf("the log density must be a scalar, got %s", b.ShapeOf(lp))
	}
	nodes := len(b.G.Nodes)
	// dep[v]: v depends on a parameter, so its adjoint matters.
	dep := make([]bool, nodes)
	for v := range nodes {
		n := &b.G.Nodes[v]
		if n.Op == OpParam {
			dep[v] = true
			continue
		}
		for i := 0; i < opTable[n.Op].Arity; i++ {
			dep[v] = dep[v] || dep[n.Args[i]]
		}
	}
	adj := make([]Value, nodes)
	for i := range adj {
		adj[i] = NoValue
	}
	if dep[lp] {
		adj[lp] = b.Const(1)
	}
	elems := gatherElems(b.G, dep, nodes)
	for v := Value(lp); v >= 0; v-- {
		if es, ok := elems[v]; ok && len(es.adj) > 0 {
			adj[v] = es.scatter(b, adj[v])
		}
		if adj[v] == NoValue {
			continue
		}
		n := b.G.Nodes[v] // a copy: building adjoints grows b.G.Nodes
		info := &opTable[n.Op]
		b.At = b.G.Origin(v)
		for i := 0; i < info.Arity; i++ {
			a := n.Args[i]
			if !dep[a] || info.Discrete&(1<<i) != 0 {
				continue
			}
			if es, ok := elems[a]; ok && (n.Op == OpElem || (n.Op == OpGather && n.Shape.N < es.n)) {
				es.add(b.G, n, adj[v]) // added when the loop reaches a
				continue
			}
			c := info.Adjoint(b, v, i, adj[v])
			if c == NoValue {
				continue
			}
			want, got := b.ShapeOf(a), b.ShapeOf(c)
			switch {
			case want.Kind == Scalar && got.Kind != Scalar:
				c = b.Sum(c) // a broadcast scalar argument collects every element's partial
			case want.Kind == Vector && got.Kind == Scalar:
				c = b.Bcast(c, want.N)
			}
			if adj[a] == NoValue {
				adj[a] = c
			} else {
				adj[a] = b.Add(adj[a], c)
			}
		}
	}
	p := &Program{G: b.G, LP: lp}
	for v := range nodes {
		if b.G.Nodes[v].Op == OpParam {
			p.Grads = append(p.Grads, ParamGrad{Param: Value(v), Adj: adj[v]})
		}
	}
	return p
}

// manyReads is the number of reads of one vector's elements (OpElem,
// OpGather) past which their adjoints are gathered into one scatter-add:
// one scatter-add per read (the elem and gather rows' Adjoint) builds and
// adds a whole vector for each, quadratic in the vector's length (mnist's
// 7 840 weights read one by one cost 15 000 vectors of 7 840). Below it
// the adjoints stay one per read, as the small models' gradients were
// built.
const manyReads = 256

// A gather at least as long as the vector keeps its own scatter-add: in
// the pack its adjoint would be copied once per level of the pack's tree.
//
// readAdjoints collects the adjoints of the reads of one vector.
type readAdjoints struct {
	n   int     // the vector's length
	idx []int   // the element of each adjoint's element
	adj []Value // adjoints, scalar or vector, in the order the reverse sweep meets them
}

// add takes the adjoint of the read n (an elem or a gather).
func (e *readAdjoints) add(g *Graph, n Node, adj Value) {
	if n.Op == OpElem {
		e.idx = append(e.idx, n.Aux)
	} else {
		for _, j := range g.Index[n.Aux].Idx {
			e.idx = append(e.idx, int(j))
		}
	}
	e.adj = append(e.adj, adj)
}

// scatter adds the collected adjoints, placed at their elements by one
// scatter-add, to acc (NoValue when there is none yet).
func (e *readAdjoints) scatter(b *Builder, acc Value) Value {
	c := b.ScatterAdd(b.Pack(e.adj), b.Index(e.idx, e.n))
	if acc == NoValue {
		return c
	}
	return b.Add(acc, c)
}

// gatherElems finds the vectors that depend on a parameter and are read
// more than manyReads times.
func gatherElems(g *Graph, dep []bool, nodes int) map[Value]*readAdjoints {
	count := map[Value]int{}
	for v := range nodes {
		n := &g.Nodes[v]
		if (n.Op == OpElem || n.Op == OpGather) && dep[n.Args[0]] {
			count[n.Args[0]]++
		}
	}
	out := map[Value]*readAdjoints{}
	for a, k := range count {
		if k > manyReads {
			out[a] = &readAdjoints{n: g.Nodes[a].Shape.N}
		}
	}
	return out
}
