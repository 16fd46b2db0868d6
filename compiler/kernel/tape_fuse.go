package kernel

// Fused pairs: a step whose value only the next step reads hands it over
// in a machine register instead of the arena, and the two run as one
// step (a superinstruction), so the dispatch is paid once. The pairs are
// those that AD leaves most often in scalar programs: the accumulation of
// an adjoint, adj + partial*adj' (mul, add); log_sum_exp's partial
// adj * exp(x - lse) (sub, exp, mul); a GARCH recursion's
// √(α₀ + α₁(y-μ)² + β σ²) (sub, square, mul, add, sqrt). Each fused step
// computes its two operations in their order, with their operands in
// their order, so its value is bit for bit that of the pair.

// fusions maps a pair (first op, second op, position at which the second
// reads the first's value) to the fused op.
var fusions = map[[3]tapeOp]tapeOp{
	{tMul, tAdd, 0}:    tMulAdd,
	{tMul, tAdd, 1}:    tMulAddR,
	{tAdd, tAdd, 0}:    tAddAdd,
	{tAdd, tAdd, 1}:    tAddAddR,
	{tMul, tSub, 1}:    tMulSubR,
	{tMul, tSub, 0}:    tMulSub,
	{tMul, tMul, 0}:    tMulMul,
	{tMul, tMul, 1}:    tMulMulR,
	{tSquare, tMul, 1}: tSquareMulR,
	{tSub, tSquare, 0}: tSubSquare,
	{tAdd, tSqrt, 0}:   tAddSqrt,
	{tSub, tExp, 0}:    tSubExp,
	{tSubExp, tMul, 1}: tSubExpMulR,
	{tExp, tMul, 1}:    tExpMulR,
	{tMul, tDiv, 0}:    tMulDiv,
	{tDiv, tSub, 1}:    tDivSubR,
	{tNeg, tMul, 1}:    tNegMulR,
	{tSub, tDiv, 0}:    tSubDiv,
	{tSub, tMul, 1}:    tSubMulR,

	// three sources and an add: the add's other operand is w
	{tExpoLpdf, tAdd, 1}:   tExpoLpdfAddR,
	{tAddAddR, tAdd, 1}:    tAddAddRAddR,
	{tSubMulR, tAdd, 1}:    tSubMulRAddR,
	{tSubExpMulR, tAdd, 1}: tSubExpMulRAddR,
	{tMulAddR, tAdd, 1}:    tMulAddRAddR,
	{tMulMul, tAdd, 1}:     tMulMulAddR,
	{tMulMul, tSub, 1}:     tMulMulSubR,
	{tMulAddR, tSqrt, 0}:   tMulAddRSqrt,
}

// threeSources: the op reads r[x], r[y] and r[z], so a pair it begins
// takes the second op's other operand as w.
func threeSources(op tapeOp) bool {
	switch op {
	case tSubSquare, tAddSqrt, tSubExp:
		return false
	}
	return op == tExpoLpdf || op >= tMulAdd && op < tExpoLpdfAddR
}

// binary and unary are the plain ops a fused step may take the place of
// as the second of a pair: binary ops read r[x], r[y]; unary ops r[x].
func binary(op tapeOp) bool {
	switch op {
	case tAdd, tSub, tMul, tDiv:
		return true
	}
	return false
}

func unary(op tapeOp) bool {
	switch op {
	case tNeg, tSquare, tInv, tExp, tLog, tLog1p, tSqrt:
		return true
	}
	return false
}

// tapeUses counts, per register, the steps that read it; a register that
// anything else reads — a loop (tSlow, or a group longer than a block),
// the log density, the gradient — counts as read twice, so that its
// value is always stored.
func tapeUses(kp *program, groups [][]tinstr) []int32 {
	// The pins of whole operands are added as differences (+2 at the
	// start, -2 past the end) and summed once: adding 2 to each register
	// of each operand was quadratic in a program of many long vectors
	// (mnist: 15 000 operands of 7 840 elements).
	uses := make([]int32, len(kp.init)+1)
	pin := func(o *operand) {
		if o.src != nil || o.mode == modeScratch {
			return
		}
		n := o.n
		if o.mode == modeScalar {
			n = 1
		}
		if n > 0 && o.off < len(kp.init) {
			uses[o.off] += 2
			uses[min(o.off+n, len(kp.init))] -= 2
		}
	}
	pinInstr := func(in *instr) {
		for j := 0; j < in.nargs; j++ {
			pin(&in.args[j])
		}
		pin(&in.out)
	}
	for gi := range kp.groups {
		g := &kp.groups[gi]
		if g.n > kp.block {
			for ii := range g.instrs {
				pinInstr(&g.instrs[ii])
			}
			continue
		}
		for _, s := range groups[gi] {
			if s.op == tSlow {
				pinInstr(&g.instrs[int(s.x)-g.first])
			}
		}
	}
	pin(&kp.lp)
	for i := range kp.grads {
		pin(&kp.grads[i].val)
	}
	uses = uses[:len(kp.init)]
	for r := 1; r < len(uses); r++ {
		uses[r] += uses[r-1]
	}
	for gi := range kp.groups {
		if kp.groups[gi].n > kp.block {
			continue
		}
		for _, s := range groups[gi] {
			if s.op == tSlow {
				continue
			}
			for _, r := range s.reads(kp.ext) {
				uses[r]++
			}
		}
	}
	return uses
}

// reads lists the registers a step reads (tSlow: none, see tapeUses).
func (s tinstr) reads(ext []textra) []uint32 {
	switch {
	case s.op == tSlow:
		return nil
	case s.op == tMov || s.op == tUnary || unary(s.op):
		return []uint32{s.x}
	case binary(s.op) || s.op == tLogSumExp2:
		return []uint32{s.x, s.y}
	case s.op == tCall || s.op == tHalfSquare || s.op == tZOverScale || s.op == tLog1pSquare:
		e := &ext[s.x]
		return e.r[:]
	}
	switch {
	case s.op >= tExpoLpdfAddR:
		return []uint32{s.x, s.y, s.z, s.w}
	case threeSources(s.op):
		return []uint32{s.x, s.y, s.z}
	}
	return []uint32{s.x, s.y} // tSubSquare, tAddSqrt, tSubExp
}

// fuse returns the steps with each fusable pair made one step: the
// second step reads the first's value, at the position the fusion names,
// and nothing else reads it.
func fuse(steps []tinstr, uses []int32) []tinstr {
	out := steps[:0] // in place: a step is written at or before its own index
	for _, s := range steps {
		if n := len(out); n > 0 {
			if f, ok := fusePair(out[n-1], s, uses); ok {
				out[n-1] = f
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func fusePair(a, b tinstr, uses []int32) (tinstr, bool) {
	if a.op == tSlow || uses[a.d] != 1 {
		return tinstr{}, false
	}
	switch {
	case unary(b.op) && b.x == a.d:
		if f, ok := fusions[[3]tapeOp{a.op, b.op, 0}]; ok {
			return tinstr{op: f, d: b.d, x: a.x, y: a.y, z: a.z}, true
		}
	case binary(b.op) && b.x == a.d && b.y != a.d && !threeSources(a.op):
		if f, ok := fusions[[3]tapeOp{a.op, b.op, 0}]; ok {
			return tinstr{op: f, d: b.d, x: a.x, y: a.y, z: b.y}, true
		}
	case binary(b.op) && b.y == a.d && b.x != a.d:
		if f, ok := fusions[[3]tapeOp{a.op, b.op, 1}]; ok && threeSources(a.op) {
			return tinstr{op: f, d: b.d, x: a.x, y: a.y, z: a.z, w: b.x}, true
		} else if ok {
			return tinstr{op: f, d: b.d, x: a.x, y: a.y, z: b.x}, true
		}
	}
	return tinstr{}, false
}
