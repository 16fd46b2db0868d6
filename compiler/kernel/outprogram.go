package kernel

import "github.com/bayes-dev/bayes/compiler/ir"

// OutProgram evaluates chosen nodes of a graph node by node, each with the
// kernel loop of its op over full-length slots: the outputs are computed
// once per draw, so no fusion is needed.
type OutProgram struct {
	g     *ir.Graph
	order []ir.Value
	ins   []instr
}

// OutState is one evaluator's memory for an OutProgram: Slots[v] is the
// value of node v after Run (nil for the nodes it does not compute).
type OutState struct {
	p     *OutProgram
	q     []float64
	Slots [][]float64
	args  [][maxSlots][]float64
}

// NewOutProgram evaluates the nodes outs of g and the nodes they depend on.
func NewOutProgram(g *ir.Graph, outs []ir.Value) *OutProgram {
	live := make([]bool, len(g.Nodes))
	for _, v := range outs {
		live[v] = true
	}
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		if !live[v] {
			continue
		}
		n := &g.Nodes[v]
		for i := 0; i < n.Op.Info().Arity; i++ {
			live[n.Args[i]] = true
		}
	}
	nlive := 0
	for _, l := range live {
		if l {
			nlive++
		}
	}
	// sized once: an instr is half a kilobyte
	p := &OutProgram{g: g, order: make([]ir.Value, 0, nlive), ins: make([]instr, 0, nlive)}
	for v := range g.Nodes {
		if live[v] {
			p.order = append(p.order, ir.Value(v))
			n := &g.Nodes[v]
			info := n.Op.Info()
			// c is the scale form's constant (library.Scale): a loop of a
			// scale form adds it, as the op's Scalar function does.
			in := instr{op: n.Op, loop: opLoops[n.Op], nargs: info.Arity, aux: n.Aux, c: scaleOf[n.Op].C}
			switch n.Op {
			case ir.OpGather, ir.OpScatterAdd:
				in.idx = g.Index[n.Aux].Idx
			case ir.OpMatVec, ir.OpMatTVec:
				in.cols = g.Nodes[n.Args[0]].Shape.M
			case ir.OpExtern:
				in.ext = g.Externs[n.Aux]
			}
			p.ins = append(p.ins, in)
		}
	}
	return p
}

// NewState returns an evaluator with its own memory, for one chain.
func (p *OutProgram) NewState() *OutState {
	g := p.g
	s := &OutState{p: p, q: make([]float64, max(g.Dim, 1)), Slots: make([][]float64, len(g.Nodes))}
	s.args = make([][maxSlots][]float64, len(p.order))
	for _, v := range p.order {
		n := &g.Nodes[v]
		switch n.Op {
		case ir.OpConst:
			c, _ := g.IsConst(v)
			s.Slots[v] = []float64{c}
		case ir.OpData:
			s.Slots[v] = g.Data[n.Aux]
		case ir.OpParam:
			s.Slots[v] = s.q[n.Aux : n.Aux+n.Shape.Len()]
		default:
			s.Slots[v] = make([]float64, n.Shape.Len())
		}
	}
	for i, v := range p.order {
		n := &g.Nodes[v]
		for j := 0; j < n.Op.Info().Arity; j++ {
			s.args[i][j] = s.Slots[n.Args[j]]
		}
		for j := n.Op.Info().Arity; j < maxSlots; j++ {
			s.args[i][j] = zeroArg[:]
		}
	}
	return s
}

// Run evaluates the program at the unconstrained point q. It allocates
// nothing.
func (s *OutState) Run(q []float64) {
	copy(s.q, q)
	p := s.p
	for i, v := range p.order {
		in := &p.ins[i]
		switch in.op {
		case ir.OpConst, ir.OpData, ir.OpParam:
			continue
		}
		d := s.Slots[v]
		if ir.Reducing(in.op) {
			clear(d)
		}
		in.loop(d, &s.args[i], in, 0)
	}
}
