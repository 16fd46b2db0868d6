package kernel

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// expoLpdf is the op of library's exponential_lpdf, whose log β the tape
// hoists (tExpoLpdf).
var expoLpdf = func() ir.Op {
	for _, k := range library.Kernels() {
		if k.Name == "exponential_lpdf" {
			return ir.LibraryOp(k)
		}
	}
	return ir.OpInvalid
}()

// logSumExp2 is library.LogSumExp2 written out for the tape, with
// math.Max's special cases spelled out around the builtin max: the same
// operations, without two calls per step.
func logSumExp2(a, b float64) float64 {
	var m float64
	if math.IsInf(a, 1) || math.IsInf(b, 1) {
		m = math.Inf(1)
	} else {
		m = max(a, b) // NaN if either is; max(-0, +0) = +0, as math.Max
	}
	if math.IsInf(m, 0) {
		return m
	}
	return m + math.Log1p(math.Exp(-math.Abs(a-b)))
}

// exponentialLpdf is library's exponential_lpdf(y | β), log β - β y for
// y >= 0, with log β given (lb): the tape computes it once per β.
func exponentialLpdf(y, beta, lb float64) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return lb - beta*y
}

// The tape: how a group that runs as one block (kgroup.n <= block) is
// dispatched. A model written as scalar statements in loops — an HMM's
// forward recursion, a GARCH volatility — lowers to tens of thousands of
// one-element instructions, so its gradient is the cost of stepping from
// one instruction to the next, not of any loop. A step of the tape reads
// one 16-byte record (an op code and three arena offsets) and does the
// arithmetic on the arena as a register file: no slice headers, no call
// through a function value for the arithmetic ops, and the whole stream of
// a 20 000-instruction model fits in L2 (the boundInstr records the
// dispatch read before were 248 bytes each, 5 MB for hmm_drive_0).
//
// Every step computes exactly what the instruction's loop or Scalar
// function computes, with the same arguments, so results are bit for bit
// those of the loops. An instruction that is not one element (a loop over
// a vector, a reduction, a scatter) is a tSlow step that calls its loop
// with the slices bound once per kernel (Kernel.bound).

// tapeOp is a tape step's operation.
type tapeOp uint8

const (
	tSlow tapeOp = iota // x indexes Kernel.bound (program.slow): call the instruction's loop
	tMov                // r[d] = r[x]
	tAdd                // r[d] = r[x] + r[y]
	tSub
	tMul
	tDiv
	tNeg
	tSquare
	tInv
	tExp
	tLog
	tLog1p
	tSqrt
	tUnary       // r[d] = ext[y].unary(r[x])
	tCall        // x indexes program.ext: the op's Scalar function of four registers
	tHalfSquare  // ext: halfSquare(r0, r1, r3, r4, c), σ's tables in registers
	tZOverScale  // ext: zOverScale(r0, r1, r3)
	tLog1pSquare // ext: log1pSquare(r0, r1, r2, r4, c)
	tLogSumExp2  // r[d] = library.LogSumExp2(r[x], r[y]), written out
	tExpoLpdf    // exponential_lpdf(r[x] | r[y]) with r[z] = log r[y] (hoisted)

	// Fused pairs (tape_fuse.go): the first op's value goes straight to
	// the second, which reads r[z] besides; an R form has it on the left.
	tMulAdd      // r[d] = r[x]*r[y] + r[z]
	tMulAddR     // r[d] = r[z] + r[x]*r[y]
	tAddAdd      // r[d] = (r[x]+r[y]) + r[z]
	tAddAddR     // r[d] = r[z] + (r[x]+r[y])
	tMulSubR     // r[d] = r[z] - r[x]*r[y]
	tMulMul      // r[d] = r[x]*r[y] * r[z]
	tMulMulR     // r[d] = r[z] * (r[x]*r[y])
	tSquareMulR  // r[d] = r[z] * r[x]²
	tSubSquare   // r[d] = (r[x]-r[y])²
	tAddSqrt     // r[d] = √(r[x]+r[y])
	tSubExp      // r[d] = exp(r[x]-r[y])
	tSubExpMulR  // r[d] = r[z] * exp(r[x]-r[y])
	tExpMulR     // r[d] = r[z] * exp(r[x])
	tMulDiv      // r[d] = r[x]*r[y] / r[z]
	tDivSubR     // r[d] = r[z] - r[x]/r[y]
	tNegMulR     // r[d] = r[z] * -r[x]
	tSubDiv      // r[d] = (r[x]-r[y]) / r[z]
	tSubMulR     // r[d] = r[z] * (r[x]-r[y])
	tMulSub      // r[d] = r[x]*r[y] - r[z]
	tMulAddRSqrt // r[d] = √(r[z] + r[x]*r[y])

	// Fused with the add that accumulates their value into an adjoint or
	// a sum, r[w] on the left.
	tExpoLpdfAddR   // r[d] = r[w] + exponential_lpdf(r[x] | r[y]) (log r[y] in r[z])
	tAddAddRAddR    // r[d] = r[w] + (r[z] + (r[x]+r[y]))
	tSubMulRAddR    // r[d] = r[w] + r[z]*(r[x]-r[y])
	tSubExpMulRAddR // r[d] = r[w] + r[z]*exp(r[x]-r[y])
	tMulAddRAddR    // r[d] = r[w] + (r[z] + r[x]*r[y])
	tMulMulAddR     // r[d] = r[w] + r[x]*r[y]*r[z]
	tMulMulSubR     // r[d] = r[w] - r[x]*r[y]*r[z]
	numTapeOps
)

// tinstr is one tape step: d, x, y, z, w are arena offsets (registers)
// or, as each op says, an index into Kernel.bound or program.ext. 24 bytes.
type tinstr struct {
	op            tapeOp
	d, x, y, z, w uint32
}

// textra is what a step of a library function or a σ-table form reads
// beyond the tinstr: its function, up to five registers, Aux and constant.
type textra struct {
	fn    ir.ScalarFunc
	unary func(float64) float64
	r     [5]uint32
	aux   int
	c     float64
}

// tapeBuilder lays out the tape of a program; constants it needs (a data
// element read by a scalar instruction, σ's tables of one element, the zero
// of an unused argument) become arena slots past the compiled layout.
type tapeBuilder struct {
	kp *program
	// extra holds the registers past the compiled layout (of size base);
	// the arena is allocated once the tape is laid out, at its full size:
	// appending them one by one regrew an arena of hundreds of megabytes
	// (mnist) several times.
	base   int
	extra  []float64
	consts map[uint64]uint32 // constant bits -> register
	// logOf is the register of log r for the registers r whose logarithm
	// a step reads hoisted (tExpoLpdf): computed by a tLog step before
	// the first step that reads it.
	logOf map[uint32]uint32
	steps []tinstr // the group's steps so far
}

// newReg returns a fresh register, written by a step.
func (tb *tapeBuilder) newReg() uint32 {
	tb.extra = append(tb.extra, 0)
	return uint32(tb.base + len(tb.extra) - 1)
}

// constReg returns a register that holds x and that no instruction writes.
func (tb *tapeBuilder) constReg(x float64) uint32 {
	bits := math.Float64bits(x)
	if r, ok := tb.consts[bits]; ok {
		return r
	}
	r := uint32(tb.base + len(tb.extra))
	tb.extra = append(tb.extra, x)
	tb.consts[bits] = r
	return r
}

// reg returns the register of a one-element operand.
func (tb *tapeBuilder) reg(o *operand) (uint32, bool) {
	if o.mode != modeScalar && o.n != 1 {
		return 0, false
	}
	if o.src != nil {
		return tb.constReg((*o.src)[o.off]), true
	}
	return uint32(o.off), true
}

// step appends to tb.steps the step of the instruction in (number bi in
// the program) of a group of length n.
func (tb *tapeBuilder) step(in *instr, bi, n int) {
	tb.steps = append(tb.steps, tb.compileStep(in, bi, n))
}

func (tb *tapeBuilder) compileStep(in *instr, bi, n int) tinstr {
	slow := tinstr{op: tSlow, x: uint32(bi)}
	if n != 1 || in.out.src != nil || in.out.mode != modeScalar && in.out.n != 1 {
		return slow
	}
	d := uint32(in.out.off)
	if in.op == ir.OpElem {
		a := &in.args[0]
		if a.src != nil {
			return tinstr{op: tMov, d: d, x: tb.constReg((*a.src)[a.off+in.aux])}
		}
		return tinstr{op: tMov, d: d, x: uint32(a.off + in.aux)}
	}
	if in.scalar == nil {
		return slow
	}
	var r [5]uint32
	for j := range r {
		if j >= in.nargs {
			r[j] = tb.constReg(0)
			continue
		}
		x, ok := tb.reg(&in.args[j])
		if !ok {
			return slow
		}
		r[j] = x
	}
	t := tinstr{d: d, x: r[0], y: r[1]}
	switch in.op {
	case ir.OpAdd:
		t.op = tAdd
	case ir.OpSub:
		t.op = tSub
	case ir.OpMul:
		t.op = tMul
	case ir.OpDiv:
		t.op = tDiv
	case ir.OpNeg:
		t.op = tNeg
	case ir.OpSquare:
		t.op = tSquare
	case ir.OpInv:
		t.op = tInv
	case ir.OpExp:
		t.op = tExp
	case ir.OpLog:
		t.op = tLog
	case ir.OpLog1p:
		t.op = tLog1p
	case ir.OpSqrt:
		t.op = tSqrt
	case ir.OpLogSumExp2:
		t.op = tLogSumExp2
	case expoLpdf:
		l, ok := tb.logOf[t.y]
		if !ok {
			l = tb.newReg()
			tb.logOf[t.y] = l
			tb.steps = append(tb.steps, tinstr{op: tLog, d: l, x: t.y})
		}
		t.op, t.z = tExpoLpdf, l
	default:
		e := textra{fn: in.scalar, r: r, aux: in.aux, c: in.c}
		t.op = tCall
		if u := in.op.Info().Unary; u != nil {
			t.op, e.unary = tUnary, u
		}
		if in.nargs == 5 {
			switch scaleOf[in.op].Form {
			case library.HalfSquare:
				t.op = tHalfSquare
			case library.ZOverScale:
				t.op = tZOverScale
			case library.Log1pSquare:
				t.op = tLog1pSquare
			}
		}
		t.y = uint32(len(tb.kp.ext))
		if t.op != tUnary {
			t.x = t.y
		}
		tb.kp.ext = append(tb.kp.ext, e)
	}
	return t
}

// buildTape gives every group that runs as one block its tape steps,
// fused (tape_fuse.go), and allocates kp.init: the compiled layout's size
// registers, zero (the caller fills in its constants), then the tape's.
func buildTape(kp *program, size int) {
	tb := &tapeBuilder{kp: kp, base: size, consts: map[uint64]uint32{}, logOf: map[uint32]uint32{}}
	var groups [][]tinstr
	bi, total := 0, 0
	for gi := range kp.groups {
		g := &kp.groups[gi]
		tb.steps = nil
		if g.n <= kp.block {
			// sized once: an HMM's unrolled forward algorithm is a group
			// of thousands of steps, regrown many times over
			tb.steps = make([]tinstr, 0, len(g.instrs))
		}
		for ii := range g.instrs {
			if g.n <= kp.block {
				tb.step(&g.instrs[ii], bi, g.n)
			}
			bi++
		}
		groups = append(groups, tb.steps)
		total += len(tb.steps)
	}
	kp.init = make([]float64, size+len(tb.extra))
	copy(kp.init[size:], tb.extra)
	uses := tapeUses(kp, groups)
	kp.tape = make([]tinstr, 0, total)
	for gi, steps := range groups {
		g := &kp.groups[gi]
		g.tape = len(kp.tape)
		kp.tape = append(kp.tape, fuse(steps, uses)...)
		g.ntape = len(kp.tape) - g.tape
		// A tSlow step's x, the instruction's number in the program,
		// becomes its number in program.slow (Kernel.bound).
		for i := g.tape; i < len(kp.tape); i++ {
			if s := &kp.tape[i]; s.op == tSlow {
				kp.slow = append(kp.slow, &g.instrs[int(s.x)-g.first])
				kp.slowLen = append(kp.slowLen, g.n)
				s.x = uint32(len(kp.slow) - 1)
			}
		}
	}
	if err := checkRegisters(kp); err != nil {
		ir.Bailf("%v", err)
	}
}

// checkRegisters verifies that every register a step reads or writes is
// inside the arena, which runTape reads without bounds checks (regs).
func checkRegisters(kp *program) error {
	n := uint32(len(kp.init))
	for i, s := range kp.tape {
		if s.op == tSlow {
			continue
		}
		for _, r := range append(s.reads(kp.ext), s.d) {
			if r >= n {
				return fmt.Errorf("tape step %d (op %d) uses register %d outside the arena of %d", i, s.op, r, n)
			}
		}
	}
	return nil
}

// runTape runs the steps t on the kernel's arena.
func (k *Kernel) runTape(t []tinstr) {
	r := regs{unsafe.Pointer(unsafe.SliceData(k.arena))}
	ext := k.p.ext
	for i := range t {
		s := &t[i]
		switch s.op {
		case tMov:
			*r.at(s.d) = (*r.at(s.x))
		case tAdd:
			*r.at(s.d) = (*r.at(s.x)) + (*r.at(s.y))
		case tSub:
			*r.at(s.d) = (*r.at(s.x)) - (*r.at(s.y))
		case tMul:
			*r.at(s.d) = (*r.at(s.x)) * (*r.at(s.y))
		case tDiv:
			*r.at(s.d) = (*r.at(s.x)) / (*r.at(s.y))
		case tNeg:
			*r.at(s.d) = -(*r.at(s.x))
		case tSquare:
			x := (*r.at(s.x))
			*r.at(s.d) = x * x
		case tInv:
			*r.at(s.d) = 1 / (*r.at(s.x))
		case tExp:
			*r.at(s.d) = math.Exp((*r.at(s.x)))
		case tLog:
			*r.at(s.d) = math.Log((*r.at(s.x)))
		case tLog1p:
			*r.at(s.d) = math.Log1p((*r.at(s.x)))
		case tSqrt:
			*r.at(s.d) = math.Sqrt((*r.at(s.x)))
		case tUnary:
			*r.at(s.d) = ext[s.y].unary((*r.at(s.x)))
		case tCall:
			e := &ext[s.x]
			*r.at(s.d) = e.fn((*r.at(e.r[0])), (*r.at(e.r[1])), (*r.at(e.r[2])), (*r.at(e.r[3])), e.aux)
		case tHalfSquare:
			e := &ext[s.x]
			*r.at(s.d) = halfSquare((*r.at(e.r[0])), (*r.at(e.r[1])), (*r.at(e.r[3])), (*r.at(e.r[4])), e.c)
		case tZOverScale:
			e := &ext[s.x]
			*r.at(s.d) = zOverScale((*r.at(e.r[0])), (*r.at(e.r[1])), (*r.at(e.r[3])))
		case tLog1pSquare:
			e := &ext[s.x]
			*r.at(s.d) = log1pSquare((*r.at(e.r[0])), (*r.at(e.r[1])), (*r.at(e.r[2])), (*r.at(e.r[4])), e.c)
		case tLogSumExp2:
			*r.at(s.d) = logSumExp2((*r.at(s.x)), (*r.at(s.y)))
		case tExpoLpdf:
			*r.at(s.d) = exponentialLpdf((*r.at(s.x)), (*r.at(s.y)), (*r.at(s.z)))
		case tMulAdd:
			*r.at(s.d) = (*r.at(s.x))*(*r.at(s.y)) + (*r.at(s.z))
		case tMulAddR:
			*r.at(s.d) = (*r.at(s.z)) + (*r.at(s.x))*(*r.at(s.y))
		case tAddAdd:
			*r.at(s.d) = ((*r.at(s.x)) + (*r.at(s.y))) + (*r.at(s.z))
		case tAddAddR:
			*r.at(s.d) = (*r.at(s.z)) + ((*r.at(s.x)) + (*r.at(s.y)))
		case tMulSubR:
			*r.at(s.d) = (*r.at(s.z)) - (*r.at(s.x))*(*r.at(s.y))
		case tMulMul:
			*r.at(s.d) = (*r.at(s.x)) * (*r.at(s.y)) * (*r.at(s.z))
		case tMulMulR:
			*r.at(s.d) = (*r.at(s.z)) * ((*r.at(s.x)) * (*r.at(s.y)))
		case tSquareMulR:
			x := (*r.at(s.x))
			*r.at(s.d) = (*r.at(s.z)) * (x * x)
		case tSubSquare:
			x := (*r.at(s.x)) - (*r.at(s.y))
			*r.at(s.d) = x * x
		case tAddSqrt:
			*r.at(s.d) = math.Sqrt((*r.at(s.x)) + (*r.at(s.y)))
		case tSubExp:
			*r.at(s.d) = math.Exp((*r.at(s.x)) - (*r.at(s.y)))
		case tSubExpMulR:
			*r.at(s.d) = (*r.at(s.z)) * math.Exp((*r.at(s.x))-(*r.at(s.y)))
		case tExpMulR:
			*r.at(s.d) = (*r.at(s.z)) * math.Exp((*r.at(s.x)))
		case tMulDiv:
			*r.at(s.d) = (*r.at(s.x)) * (*r.at(s.y)) / (*r.at(s.z))
		case tDivSubR:
			*r.at(s.d) = (*r.at(s.z)) - (*r.at(s.x))/(*r.at(s.y))
		case tNegMulR:
			*r.at(s.d) = (*r.at(s.z)) * -(*r.at(s.x))
		case tSubDiv:
			*r.at(s.d) = ((*r.at(s.x)) - (*r.at(s.y))) / (*r.at(s.z))
		case tSubMulR:
			*r.at(s.d) = (*r.at(s.z)) * ((*r.at(s.x)) - (*r.at(s.y)))
		case tMulSub:
			*r.at(s.d) = (*r.at(s.x))*(*r.at(s.y)) - (*r.at(s.z))
		case tMulAddRSqrt:
			*r.at(s.d) = math.Sqrt((*r.at(s.z)) + (*r.at(s.x))*(*r.at(s.y)))
		case tMulMulAddR:
			*r.at(s.d) = (*r.at(s.w)) + (*r.at(s.x))*(*r.at(s.y))*(*r.at(s.z))
		case tMulMulSubR:
			*r.at(s.d) = (*r.at(s.w)) - (*r.at(s.x))*(*r.at(s.y))*(*r.at(s.z))
		case tExpoLpdfAddR:
			*r.at(s.d) = (*r.at(s.w)) + exponentialLpdf((*r.at(s.x)), (*r.at(s.y)), (*r.at(s.z)))
		case tAddAddRAddR:
			*r.at(s.d) = (*r.at(s.w)) + ((*r.at(s.z)) + ((*r.at(s.x)) + (*r.at(s.y))))
		case tSubMulRAddR:
			*r.at(s.d) = (*r.at(s.w)) + (*r.at(s.z))*((*r.at(s.x))-(*r.at(s.y)))
		case tSubExpMulRAddR:
			*r.at(s.d) = (*r.at(s.w)) + (*r.at(s.z))*math.Exp((*r.at(s.x))-(*r.at(s.y)))
		case tMulAddRAddR:
			*r.at(s.d) = (*r.at(s.w)) + ((*r.at(s.z)) + (*r.at(s.x))*(*r.at(s.y)))
		default:
			b := &k.bound[s.x]
			b.loop(b.out, &b.args, b.in, 0)
		}
	}
}

// regs is the arena as the tape's register file: at(i) is &arena[i]
// without a bounds check. Every register of a step is checked against the
// arena's length when the tape is built (checkRegisters), and the arena
// never shrinks, so no access leaves it.
type regs struct{ base unsafe.Pointer }

func (r regs) at(i uint32) *float64 { return (*float64)(unsafe.Add(r.base, uintptr(i)*8)) }
