package kernel

import "github.com/bayes-dev/bayes/compiler/ir"

// shiftNode is where the instruction of an lse_shift or exp_sub node is
// (one of the op's own, not a family loop's): group gi, position ii.
type shiftNode struct {
	v      ir.Value
	gi, ii int
}

// planShifts makes each log-sum-exp shift c = lse_shift(x) part of the
// instruction of its exponentials e = exp_sub(x, c), so that c costs
// neither a pass over x nor an instruction of its own (loopExpSubShift,
// which writes c's slot): c's instruction is dropped, and its group with
// it when that is all the group held. That is only sound where nothing
// reads c before e has run, so every other reader of c must be in a later
// group than e (and c no output); and where e's loop runs over the whole
// vector in one call (a group that runs as one block, of two elements or
// more, not a tape step) and reads c from c's own slot. It runs before
// the tape is built, and renumbers the groups' first instructions.
func planShifts(kp *program, p *ir.Program, nodes []shiftNode) {
	g := p.G
	shiftAt := map[ir.Value]shiftNode{}
	for _, s := range nodes {
		if g.Nodes[s.v].Op == ir.OpLseShift {
			shiftAt[s.v] = s
		}
	}
	if len(shiftAt) == 0 {
		return
	}
	// firstRead[c] is the first group that reads c other than through
	// exp_sub(x, c), -1 where c is an output.
	firstRead := map[ir.Value]int{}
	note := func(c ir.Value, gi int) {
		if _, ok := shiftAt[c]; !ok {
			return
		}
		if r, ok := firstRead[c]; !ok || gi < r {
			firstRead[c] = gi
		}
	}
	for gi, grp := range p.Groups {
		for _, u := range grp.Nodes {
			n := &g.Nodes[u]
			for i := 0; i < n.Op.Info().Arity; i++ {
				if c := n.Args[i]; n.Op != ir.OpExpSub || i != 1 || n.Args[0] != g.Nodes[c].Args[0] {
					note(c, gi)
				}
			}
		}
	}
	note(p.LP, -1)
	for _, pg := range p.Grads {
		note(pg.Adj, -1)
	}
	drop := map[shiftNode]bool{} // c's instructions, keyed with v -1
	for _, s := range nodes {
		n := &g.Nodes[s.v]
		if n.Op != ir.OpExpSub {
			continue
		}
		c := n.Args[1]
		cs, ok := shiftAt[c]
		if !ok || g.Nodes[c].Args[0] != n.Args[0] {
			continue
		}
		if r, read := firstRead[c]; read && r <= s.gi {
			continue
		}
		eg := &kp.groups[s.gi]
		ein, cin := &eg.instrs[s.ii], &kp.groups[cs.gi].instrs[cs.ii]
		if eg.n < 2 || eg.n > kp.block || cin.out.src != nil || cin.out.mode == modeScratch ||
			ein.args[1].src != nil || ein.args[1].mode != modeScalar || ein.args[1].off != cin.out.off {
			continue
		}
		ein.loop = loopExpSubShift
		drop[shiftNode{v: -1, gi: cs.gi, ii: cs.ii}] = true
	}
	if len(drop) == 0 {
		return
	}
	groups := kp.groups[:0]
	first := 0
	for gi := range kp.groups {
		kg := kp.groups[gi]
		instrs := kg.instrs[:0]
		for ii := range kg.instrs {
			if !drop[shiftNode{v: -1, gi: gi, ii: ii}] {
				instrs = append(instrs, kg.instrs[ii])
			}
		}
		kg.instrs = instrs
		if len(kg.instrs) == 0 && len(kg.zero) == 0 {
			continue
		}
		kg.first = first
		first += len(kg.instrs)
		groups = append(groups, kg)
	}
	kp.groups = groups
}
