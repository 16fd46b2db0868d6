package ir

import (
	"fmt"
	"math"
	"slices"
)

// The simplification pipeline: a list of named passes run in order, as Go
// SSA's compile.go does; check.go validates the program between passes in
// tests (CheckPasses). Folding, the rules and hash-consing also run while
// building, so on a freshly built program most passes find little to do;
// they matter after AD, which creates x*1, bcast and -(-x) patterns, and when
// a Builder was made with Fold or Rules off.

// Pass is one named program transformation.
type Pass struct {
	Name string
	Fn   func(*Program) *Program
}

// Passes is the pipeline that Optimize runs.
var Passes = []Pass{
	{"fold", func(p *Program) *Program { return unlessSimplified(p, true, false) }},
	{"rules", func(p *Program) *Program { return unlessSimplified(p, false, true) }},
	{"cse", cse},
	{"dce", func(p *Program) *Program { return rebuild(p, false, false, true) }},
	{"fuse", Fuse},
}

// CheckPasses makes Optimize run Check after every pass (tests set it).
var CheckPasses = false

// Optimize runs Passes over p.
func Optimize(p *Program) (out *Program, err error) {
	err = Build(func() error {
		for _, pass := range Passes {
			p = pass.Fn(p)
			if CheckPasses {
				if err := Check(p); err != nil {
					return fmt.Errorf("after pass %s: %w", pass.Name, err)
				}
			}
		}
		out = p
		return nil
	})
	return out, err
}

// cse merges the nodes of p that compute the same thing. A program that a
// rebuild made (the rules pass's, in Optimize) has none to merge: it is
// returned as it is rather than rebuilt into the same graph.
func cse(p *Program) *Program {
	if p.consed || p.simplified {
		return p
	}
	return rebuild(p, false, false, false)
}

// unlessSimplified is the fold or the rules pass: a rebuild with them,
// or p itself where its Builder already applied both (Program.simplified).
func unlessSimplified(p *Program, fold, rules bool) *Program {
	if p.simplified {
		return p
	}
	return rebuild(p, fold, rules, false)
}

// rebuild rebuilds p through a fresh Builder, which hash-conses (CSE) and,
// as asked, folds constants and applies the rules; with dce it keeps only
// the nodes that the outputs reach.
func rebuild(p *Program, fold, rules, dce bool) *Program {
	g := p.G
	live := make([]bool, len(g.Nodes))
	nlive := len(g.Nodes)
	if dce {
		MarkLive(p, live)
		nlive = 0
		for _, l := range live {
			if l {
				nlive++
			}
		}
	} else {
		for i := range live {
			live[i] = true
		}
	}
	// The new graph has at most the live nodes: sized once, its node slice
	// and memo are not regrown node by node.
	nb := newBuilderSize(g.Dim, nlive)
	nb.Fold, nb.Rules = fold, rules
	nb.G.Index = g.Index
	nb.G.Externs = g.Externs
	// A failure names the statement whose node was being rebuilt; the
	// rebuilt nodes keep their origins.
	defer func() {
		if r := recover(); r != nil {
			panic(AtOrigin(r, nb.At))
		}
	}()
	m := make([]Value, len(g.Nodes))
	var args [MaxArgs]Value
	for v := range g.Nodes {
		if !live[v] {
			m[v] = NoValue
			continue
		}
		n := &g.Nodes[v]
		nb.At = g.Origin(Value(v))
		switch n.Op {
		case OpConst:
			m[v] = nb.Const(math.Float64frombits(uint64(n.Aux)))
		case OpData:
			m[v] = nb.dataNode(g.Data[n.Aux], n.Shape)
		case OpParam:
			m[v] = nb.add(Node{Op: OpParam, Aux: n.Aux, Args: noArgs, Shape: n.Shape})
		default:
			k := opTable[n.Op].Arity
			for i := 0; i < k; i++ {
				args[i] = m[n.Args[i]]
			}
			m[v] = nb.ApplyAux(n.Op, n.Aux, args[:k]...)
		}
	}
	out := &Program{G: nb.G, LP: m[p.LP], consed: true}
	for _, pg := range p.Grads {
		adj := NoValue
		if pg.Adj != NoValue {
			adj = m[pg.Adj]
		}
		out.Grads = append(out.Grads, ParamGrad{Param: m[pg.Param], Adj: adj})
	}
	return out
}

// MarkLive marks in live (one entry per node of p.G) the nodes that p's
// outputs, the log density and the gradient, reach.
func MarkLive(p *Program, live []bool) {
	live[p.LP] = true
	for _, pg := range p.Grads {
		live[pg.Param] = true
		if pg.Adj != NoValue {
			live[pg.Adj] = true
		}
	}
	for v := len(live) - 1; v >= 0; v-- {
		if !live[v] {
			continue
		}
		n := &p.G.Nodes[v]
		for i := 0; i < opTable[n.Op].Arity; i++ {
			live[n.Args[i]] = true
		}
	}
}

// A rule rewrites one node about to be built. Every rule preserves IEEE
// results exactly, as Go SSA's generic.rules guard their float folds:
// x*1, x/1, x-(+0), x+(-0) and -(-x) are identities for every float64
// including NaN, ±0 and ±Inf; x+0 is not (-0+0 = +0), nor x*0 (Inf*0 = NaN,
// -1*0 = -0), nor x-x (Inf-Inf = NaN), so those are never folded.
type rule struct {
	name string
	op   Op
	fn   func(b *Builder, n *Node) (Value, bool)
}

var rules []rule

func init() {
	rules = []rule{
		{"x*1 -> x", OpMul, func(b *Builder, n *Node) (Value, bool) {
			return keepOther(b, n, 1)
		}},
		{"x*-1 -> -x", OpMul, func(b *Builder, n *Node) (Value, bool) {
			for i := 0; i < 2; i++ {
				if isConst(b, n.Args[i], -1) && b.ShapeOf(n.Args[1-i]) == n.Shape {
					return b.Neg(n.Args[1-i]), true
				}
			}
			return NoValue, false
		}},
		{"x/1 -> x", OpDiv, func(b *Builder, n *Node) (Value, bool) {
			if isConst(b, n.Args[1], 1) && b.ShapeOf(n.Args[0]) == n.Shape {
				return n.Args[0], true
			}
			return NoValue, false
		}},
		{"x-(+0) -> x", OpSub, func(b *Builder, n *Node) (Value, bool) {
			if IsConstBits(b, n.Args[1], 0) && b.ShapeOf(n.Args[0]) == n.Shape {
				return n.Args[0], true
			}
			return NoValue, false
		}},
		{"x+(-0) -> x", OpAdd, func(b *Builder, n *Node) (Value, bool) {
			for i := 0; i < 2; i++ {
				if IsConstBits(b, n.Args[i], math.Float64bits(math.Copysign(0, -1))) && b.ShapeOf(n.Args[1-i]) == n.Shape {
					return n.Args[1-i], true
				}
			}
			return NoValue, false
		}},
		{"-(-x) -> x", OpNeg, func(b *Builder, n *Node) (Value, bool) {
			if a := b.G.Nodes[n.Args[0]]; a.Op == OpNeg {
				return a.Args[0], true
			}
			return NoValue, false
		}},
		{"x-(-y) -> x+y", OpSub, func(b *Builder, n *Node) (Value, bool) {
			if a := b.G.Nodes[n.Args[1]]; a.Op == OpNeg {
				return b.Add(n.Args[0], a.Args[0]), true
			}
			return NoValue, false
		}},
		{"x+(-y) -> x-y", OpAdd, func(b *Builder, n *Node) (Value, bool) {
			for i := 0; i < 2; i++ {
				if a := b.G.Nodes[n.Args[i]]; a.Op == OpNeg {
					return b.Sub(n.Args[1-i], a.Args[0]), true
				}
			}
			return NoValue, false
		}},
		// dot runs the same multiply-then-add loop as sum(mul(x, y))
		// without storing the products.
		{"sum(x*y) -> dot(x, y)", OpSum, func(b *Builder, n *Node) (Value, bool) {
			a := b.G.Nodes[n.Args[0]]
			if a.Op == OpMul && b.ShapeOf(a.Args[0]).Kind == Vector && b.ShapeOf(a.Args[1]).Kind == Vector {
				return b.Dot(a.Args[0], a.Args[1]), true
			}
			return NoValue, false
		}},
		// A one-argument elementwise op of a gather longer than its
		// source computes each source element once, not once per read
		// (ldaK5's log(theta[doc[n], k]): 10 125 logs, not 32 877 per k);
		// each element is the same f(x_j) either way.
		{"f(gather(x)) -> gather(f(x))", OpInvalid, func(b *Builder, n *Node) (Value, bool) {
			info := &opTable[n.Op]
			if !info.Elementwise || info.Arity != 1 || info.Unary == nil {
				return NoValue, false
			}
			a := b.G.Nodes[n.Args[0]]
			if a.Op != OpGather || a.Shape.N <= b.ShapeOf(a.Args[0]).N {
				return NoValue, false
			}
			return b.Gather(b.ApplyAux(n.Op, n.Aux, a.Args[0]), IndexID(a.Aux)), true
		}},
		// An elementwise op reads a broadcast scalar the same as the scalar,
		// so the bcast node (a full vector in memory) is dropped when
		// another argument keeps the result's length.
		{"ew(bcast(s), v) -> ew(s, v)", OpInvalid, func(b *Builder, n *Node) (Value, bool) {
			info := &opTable[n.Op]
			if !info.Elementwise {
				return NoValue, false
			}
			args := n.Args
			changed := false
			for i := 0; i < info.Arity; i++ {
				if a := b.G.Nodes[args[i]]; a.Op == OpBcast {
					args[i] = a.Args[0]
					changed = true
				}
			}
			if !changed {
				return NoValue, false
			}
			keep := false
			for i := 0; i < info.Arity; i++ {
				keep = keep || b.ShapeOf(args[i]) == n.Shape
			}
			if !keep {
				return NoValue, false
			}
			return b.ApplyAux(n.Op, n.Aux, args[:info.Arity]...), true
		}},
	}
}

// applyRules tries every rule for n's op (OpInvalid rules apply to all ops).
func applyRules(b *Builder, n *Node) (Value, bool) {
	for i := range rules {
		r := &rules[i]
		if r.op != OpInvalid && r.op != n.Op {
			continue
		}
		if v, ok := r.fn(b, n); ok {
			return v, true
		}
	}
	return NoValue, false
}

// RuleNames lists the rules, for documentation and tests.
func RuleNames() []string {
	var s []string
	for _, r := range rules {
		s = append(s, r.name)
	}
	return s
}

func keepOther(b *Builder, n *Node, c float64) (Value, bool) {
	for i := 0; i < 2; i++ {
		if isConst(b, n.Args[i], c) && b.ShapeOf(n.Args[1-i]) == n.Shape {
			return n.Args[1-i], true
		}
	}
	return NoValue, false
}

func isConst(b *Builder, v Value, c float64) bool {
	x, ok := b.G.IsConst(v)
	return ok && x == c
}

// IsConstBits reports whether v is the scalar constant with these float64
// bits (so -0 and +0, and NaN payloads, differ).
func IsConstBits(b *Builder, v Value, bits uint64) bool {
	n := &b.G.Nodes[v]
	return n.Op == OpConst && uint64(n.Aux) == bits
}

// Group is a run of nodes that the kernel executes as one loop over Len
// elements, block by block, so that the intermediates of an elementwise
// chain stay in L1 cache and one dispatch serves a whole block.
type Group struct {
	Len   int
	Nodes []Value
}

// loopLen is the length of the loop that computes n: its output length for
// maps, gathers and matrix-vector products, its input length for reductions.
func loopLen(g *Graph, n *Node) int {
	switch n.Op {
	case OpSum, OpDot, OpScatterAdd:
		return g.Nodes[n.Args[0]].Shape.Len()
	case OpMatTVec:
		return g.Nodes[n.Args[0]].Shape.N
	case OpExtern:
		return 1
	}
	return n.Shape.Len()
}

// reducing ops produce their output only when their loop has finished.
// An extern is one: its loop has length 1 (loopLen) but computes its
// whole vector, which its users read once it is done.
func Reducing(op Op) bool {
	return op == OpSum || op == OpDot || op == OpScatterAdd || op == OpMatTVec || op == OpExtern
}

// streamed reports whether argument i of n is read element by element along
// n's loop (rather than whole, as a gather's source or a matvec's vector).
func Streamed(n *Node, i int) bool {
	switch n.Op {
	case OpGather, OpMatVec, OpElem, OpConcat, OpLseShift,
		OpProd, OpMaxOf, OpMinOf, OpCumSum, // breadth ops that read their argument whole
		OpExtern:
		return false
	case OpMatTVec:
		return i == 1
	}
	return true
}

// fuse computes the schedule: each computed node gets a stage, the number
// of loops that must finish before it can run, and the nodes of one stage
// and one loop length form a Group. Within a stage the scalar group runs
// first, so vector loops may read scalars of their own stage.
func Fuse(p *Program) *Program {
	g := p.G
	live := make([]bool, len(g.Nodes))
	MarkLive(p, live)
	stage := make([]int, len(g.Nodes))
	type key struct{ stage, n int }
	groups := map[key]*Group{}
	var order []key
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if !live[v] || n.Op == OpConst || n.Op == OpData || n.Op == OpParam {
			continue
		}
		L := loopLen(g, n)
		s := 0
		for i := 0; i < opTable[n.Op].Arity; i++ {
			a := &g.Nodes[n.Args[i]]
			if a.Op == OpConst || a.Op == OpData || a.Op == OpParam {
				continue
			}
			sa := stage[n.Args[i]]
			la := loopLen(g, a)
			switch {
			case la == 1 && L != 1:
			case la == L && (L == 1 || (!Reducing(a.Op) && Streamed(n, i))):
			default:
				sa++
			}
			s = max(s, sa)
		}
		stage[v] = s
		k := key{s, L}
		grp, ok := groups[k]
		if !ok {
			grp = &Group{Len: L}
			groups[k] = grp
			order = append(order, k)
		}
		grp.Nodes = append(grp.Nodes, Value(v))
	}
	slices.SortStableFunc(order, func(a, b key) int {
		if a.stage != b.stage {
			return a.stage - b.stage
		}
		if (a.n == 1) != (b.n == 1) {
			if a.n == 1 {
				return -1
			}
			return 1
		}
		return 0
	})
	out := *p
	out.Groups = nil
	for _, k := range order {
		out.Groups = append(out.Groups, *groups[k])
	}
	return &out
}
