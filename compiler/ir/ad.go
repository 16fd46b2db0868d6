package ir

import "slices"

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
	// simplified says that G was built by a Builder with Fold and Rules
	// on (Grad of a lowering's Builder): every node was folded and
	// rewritten as it was added, and hash-consed, so the fold, rules and
	// cse passes would rebuild it node for node unchanged, and skip it
	// (science_irt-grsm: two rebuilds of 127 000 nodes saved).
	simplified bool
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
		if opTable[n.Op].HeldOut {
			continue
		}
		for i := 0; i < opTable[n.Op].Arity; i++ {
			dep[v] = dep[v] || dep[n.Args[i]]
		}
	}
	// The adjoints about double the graph (science_irt-grsm: 47 000 nodes
	// to 127 000): room for them at once, where appending node by node
	// copied the whole graph at each of its many 1.25x growths.
	b.G.Nodes = slices.Grow(b.G.Nodes, 2*nodes)
	adj := make([]Value, nodes)
	for i := range adj {
		adj[i] = NoValue
	}
	if dep[lp] {
		adj[lp] = b.Const(1)
	}
	// A vector read only element by element takes its adjoint from its
	// elems (elemParts); one read more than manyReads times in other ways
	// too, from one scatter-add of all its reads (gatherElems).
	parts := elemParts(b.G, nodes, dep)
	elems := gatherElems(b.G, dep, nodes)
	for v := Value(lp); v >= 0; v-- {
		if es := parts[v]; es != nil {
			adj[v] = elemsAdjoint(b, v, es, adj)
		} else if es, ok := elems[v]; ok && len(es.adj) > 0 {
			adj[v] = es.scatter(b, adj[v])
		}
		if adj[v] == NoValue {
			continue
		}
		n := b.G.Nodes[v] // a copy: building adjoints grows b.G.Nodes
		info := &opTable[n.Op]
		b.At = b.G.Origin(v)
		if n.Op == OpElem && parts[n.Args[0]] != nil {
			parts[n.Args[0]] = append(parts[n.Args[0]], v)
			continue
		}
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
	p := &Program{G: b.G, LP: lp, simplified: b.Fold && b.Rules}
	for v := range nodes {
		if b.G.Nodes[v].Op == OpParam {
			p.Grads = append(p.Grads, ParamGrad{Param: Value(v), Adj: adj[v]})
		}
	}
	return p
}

// elemParts finds the vectors that a program reads only element by element
// (x[1], x[2], ... of an unrolled loop: every use of the node is an elem)
// and gives each a list, to which grad appends the elems that have an
// adjoint, in the order it meets them; elemsAdjoint then builds the
// vector's adjoint from them.
func elemParts(g *Graph, nodes int, dep []bool) [][]Value {
	parts := make([][]Value, nodes)
	only := make([]bool, nodes)
	for v := range nodes {
		n := &g.Nodes[v]
		if n.Shape.Kind == Vector && dep[v] && n.Op != OpParam {
			only[v] = true
		}
	}
	used := make([]bool, nodes)
	for v := range nodes {
		n := &g.Nodes[v]
		for i := 0; i < opTable[n.Op].Arity; i++ {
			a := n.Args[i]
			used[a] = true
			if n.Op != OpElem {
				only[a] = false
			}
		}
	}
	for v := range nodes {
		if only[v] && used[v] {
			parts[v] = []Value{}
		}
	}
	return parts
}

// elemsAdjoint is the adjoint of vector v, read only by the elems es (in
// the order grad met them). When they read at least half of v, it is
// their adjoints packed into one vector, zero where no elem reads, rather
// than a one-element scatter-add per elem summed by vector additions
// (half of a hidden Markov model's gradient, whose unrolled loops read
// every vector element by element). The sums agree bit for bit but for an
// element whose adjoint is -0, which 0 + (-0) made +0. Fewer elems keep
// the scatter-adds, built in the same order as for any other node (a
// pack of mostly zeros would cost more); no elem with an adjoint gives
// NoValue.
func elemsAdjoint(b *Builder, v Value, es []Value, adj []Value) Value {
	n := b.ShapeOf(v).N
	if len(es) == 0 {
		return NoValue
	}
	if 2*len(es) < n {
		a := NoValue
		for _, e := range es {
			c := opTable[OpElem].Adjoint(b, e, 0, adj[e])
			if a == NoValue {
				a = c
			} else {
				a = b.Add(a, c)
			}
		}
		return a
	}
	xs := make([]Value, n)
	zero := b.Const(0)
	for i := range xs {
		xs[i] = zero
	}
	for _, e := range es {
		xs[b.G.Nodes[e].Aux] = adj[e]
	}
	return b.Pack(xs)
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
