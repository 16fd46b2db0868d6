package kernel

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// The CPU kernel: a value+gradient Program compiled to a linear list of
// instructions over one preallocated float64 arena. Each instruction is one
// node; its loop (opLoops, loops.go) runs over a slice of its vector. The
// schedule's groups (ir.Fuse) run block by block: for every block
// of BlockSize elements every instruction of the group runs in turn, so the
// intermediates of an elementwise chain live in block-sized scratch buffers
// that stay in L1/L2 cache and each dispatch is amortised over a block. Values
// that leave their group (outputs, reductions, inputs of later groups) get
// full-length slots.
//
// Where AD leaves several instructions over the same data (a density and
// its partials, a linear predictor), families.go runs them as one loop.
//
// A Kernel is used by one chain at a time; Clone gives each chain its own
// arena over the same read-only program and data.

// BlockSize is the number of elements an instruction handles per dispatch
// within a fused group: 1024 float64 = 8 KiB per live intermediate. Measured
// on the development machine (2-core AMD EPYC, large L2/L3, BenchmarkGradient
// and a block sweep, N = 1e5 and 1e6): blocks of 256 cost ~8% over one full
// pass per op in dispatch, 1024 ~3%, and no block size beat full passes,
// because the hardware prefetcher streams full vectors well. What blocking
// buys is memory: the arena holds block-sized intermediates instead of full
// vectors (per chain: 28 KiB instead of 2.3 MiB for the N = 1e5 model).
const BlockSize = 1024

// loopFunc runs one instruction over one block: d is the output slice, a the
// argument slices (length 1 for a broadcast scalar, the whole vector for an
// argument read whole), lo the block's first element in the group's loop.
type loopFunc func(d []float64, a *[maxSlots][]float64, in *instr, lo int)

type opMode uint8

// maxSlots is the most arguments an instruction reads or, for a family
// loop (families.go), also writes.
const maxSlots = 8

const (
	modeStream  opMode = iota // full-length slot: elements lo..hi
	modeScratch               // block-sized scratch buffer: elements 0..hi-lo
	modeScalar                // one element, broadcast
	modeWhole                 // the whole value, n elements
)

// operand locates a value: in the arena (src nil) or in read-only data.
// src points to the data's slice rather than holding it: an instruction
// holds nine operands, and at 32 bytes each rather than 48 the
// instructions of a 127 000-node program take 18 MB less.
type operand struct {
	src  *[]float64
	off  int
	n    int
	mode opMode
}

func (o *operand) slice(arena []float64, lo, hi int) []float64 {
	s := arena
	if o.src != nil {
		s = *o.src
	}
	switch o.mode {
	case modeStream:
		return s[o.off+lo : o.off+hi]
	case modeScratch:
		return s[o.off : o.off+hi-lo]
	case modeScalar:
		return s[o.off : o.off+1]
	}
	return s[o.off : o.off+o.n]
}

type instr struct {
	op    ir.Op
	loop  loopFunc
	out   operand
	args  []operand // nargs of them in use, from program.operands
	nargs int
	aux   int
	idx   []int32 // gather, scatter_add
	// scalar is the op's Scalar function when the instruction computes one
	// element (elementwise op in a loop of length 1), else nil.
	scalar ir.ScalarFunc
	cols   int // matvec, mattvec
	ext    ir.Extern
	// c is the constant of the op's scale form (library.Scale), or of the
	// family's density (families.go).
	c float64
}

type kgroup struct {
	n      int
	first  int       // index of the group's first instruction in the program
	tape   int       // index of its first step in program.tape (n <= block)
	ntape  int       // its number of steps
	zero   []operand // reduction outputs cleared before the loop
	instrs []instr
}

type gradOut struct {
	off int // in q
	val operand
}

// program is the compiled, read-only part that clones share.
type program struct {
	dim    int
	groups []kgroup
	init   []float64 // initial arena: scalar constants
	lp     operand
	grads  []gradOut
	block  int // elements per dispatch
	// tape holds the steps of the groups that run as one block (tape.go),
	// ext what its library calls read beyond a step.
	tape []tinstr
	ext  []textra
	// slow are the instructions of the tape's tSlow steps, in the order
	// of Kernel.bound, and slowLen the length of each one's group: only
	// these are bound per kernel (a 127 000-instruction program has a
	// few thousand, and a bound instruction is 232 bytes).
	slow    []*instr
	slowLen []int
}

// Kernel evaluates a model's log density and gradient; it satisfies the
// sampler's interface (Dim, LogDensityGrad).
type Kernel struct {
	p     *program
	arena []float64
	args  [maxSlots][]float64
	// bound holds, for each tSlow step of the tape (program.slow), its
	// instruction's slices into this kernel's arena, resolved once.
	bound []boundInstr
	// zero and grads are the groups' reduction outputs and the gradient
	// outputs, resolved once likewise.
	zero  [][][]float64 // [group][output]
	grads [][]float64   // p.grads[i]'s value
}

// boundInstr is what a tSlow step of the tape (tape.go) reads of an
// instruction, together: its loop and its slices into this kernel's arena.
type boundInstr struct {
	loop loopFunc
	in   *instr
	out  []float64
	args [maxSlots][]float64
}

// zeroArg stands for the unused arguments of a scalar call.
var zeroArg = [1]float64{0}

func newKernel(p *program) *Kernel {
	k := &Kernel{p: p, arena: append([]float64(nil), p.init...)}
	k.bound = make([]boundInstr, len(p.slow))
	for i, in := range p.slow {
		bi := boundInstr{loop: in.loop, in: in}
		bi.out = in.out.slice(k.arena, 0, p.slowLen[i])
		for j := range bi.args {
			if j < in.nargs {
				bi.args[j] = in.args[j].slice(k.arena, 0, p.slowLen[i])
			} else {
				bi.args[j] = zeroArg[:]
			}
		}
		k.bound[i] = bi
	}
	k.zero = make([][][]float64, 0, len(p.groups))
	for gi := range p.groups {
		g := &p.groups[gi]
		var zero [][]float64
		for zi := range g.zero {
			zero = append(zero, g.zero[zi].slice(k.arena, 0, 0))
		}
		k.zero = append(k.zero, zero)
	}
	for gi := range p.grads {
		k.grads = append(k.grads, p.grads[gi].val.slice(k.arena, 0, 0))
	}
	return k
}

// Dim is the length of q.
func (k *Kernel) Dim() int { return k.p.dim }

// Clone returns a kernel with its own arena over the same program and data.
func (k *Kernel) Clone() *Kernel {
	return newKernel(k.p)
}

// LogDensityGrad returns the log density at q and writes its gradient into
// grad. Non-finite values propagate as NaN or ±Inf. With len(q) or len(grad)
// different from Dim it returns NaN and writes nothing.
func (k *Kernel) LogDensityGrad(grad, q []float64) float64 {
	p := k.p
	if len(q) != p.dim || len(grad) != p.dim {
		return math.NaN()
	}
	a := k.arena
	copy(a, q)
	for gi := range p.groups {
		g := &p.groups[gi]
		for _, z := range k.zero[gi] {
			if len(z) == 1 {
				z[0] = 0
			} else {
				clear(z)
			}
		}
		if g.n <= p.block {
			k.runTape(p.tape[g.tape : g.tape+g.ntape])
			continue
		}
		for lo := 0; lo < g.n; lo += p.block {
			hi := min(lo+p.block, g.n)
			for ii := range g.instrs {
				in := &g.instrs[ii]
				for j := 0; j < in.nargs; j++ {
					k.args[j] = in.args[j].slice(a, lo, hi)
				}
				in.loop(in.out.slice(a, lo, hi), &k.args, in, lo)
			}
		}
	}
	clear(grad)
	for gi := range p.grads {
		v := k.grads[gi]
		dst := grad[p.grads[gi].off:]
		dst = dst[:len(v)]
		for j, x := range v {
			dst[j] += x
		}
	}
	return p.lp.slice(a, 0, 0)[0]
}

// NewKernel is the lowering pass's one call once it has built the log
// density lp with b: differentiate (Grad), simplify (Optimize), compile.
func New(b *ir.Builder, lp ir.Value) (*Kernel, *ir.Program, error) {
	p, err := ir.Grad(b, lp)
	if err != nil {
		return nil, nil, err
	}
	if p, err = ir.Optimize(p); err != nil {
		return nil, nil, err
	}
	k, err := Compile(p)
	if err != nil {
		return nil, nil, err
	}
	return k, p, nil
}

// Compile turns a program into a kernel, running the fuse pass if the
// program has no schedule yet. Call Optimize first for the other passes.
func Compile(p *ir.Program) (k *Kernel, err error) {
	err = ir.Build(func() error {
		if p.Groups == nil {
			p = ir.Fuse(p)
		}
		k = compile(p, defaultOpts)
		return nil
	})
	return k, err
}

// compileOpts: block is the number of elements per dispatch (BlockSize;
// the benchmark of fusion uses the longest loop, one full pass per op);
// families enables the family loops of families.go; noTables leaves out
// σ's tables (sigmaTables), for the test that they change nothing;
// noAliases the views and homes of alias.go, likewise.
type compileOpts struct {
	block     int
	families  bool
	noTables  bool
	noAliases bool // every concat, slice and elem copies (alias.go)
}

var defaultOpts = compileOpts{block: BlockSize, families: true}

// compile lays out the arena and the instructions.
func compile(p *ir.Program, opts compileOpts) *Kernel {
	g := p.G
	nn := len(g.Nodes)
	// Where each computed node is used: its group, and whether any use
	// needs it beyond its own block (another group, a whole read, an output).
	group := make([]int, nn)
	for i := range group {
		group[i] = -1
	}
	for gi, grp := range p.Groups {
		for _, v := range grp.Nodes {
			group[v] = gi
		}
	}
	full := make([]bool, nn)
	full[p.LP] = true
	for _, pg := range p.Grads {
		if pg.Adj != ir.NoValue {
			full[pg.Adj] = true
		}
	}
	// A slice of contiguous elements and its source get slots, so that
	// the slice is a view (alias.go): the adjoint of a concat tree is a
	// tree of such slices, log₂ N copies of each element otherwise.
	for v := range g.Nodes {
		if n := &g.Nodes[v]; n.Op == ir.OpGather && contiguous(g.Index[n.Aux].Idx) {
			full[v] = true
			full[n.Args[0]] = true
		}
	}
	fam := newFamilyPlan(nn)
	if opts.families {
		planFamilies(&fam, p, group, full)
	}
	order := fam.order(p)
	lastUse := make([]int, nn) // position in its group of the last use
	for gi := range order {
		for pos, v := range order[gi] {
			args, str := fam.reads(g, v)
			for i, a := range args {
				if group[a] < 0 {
					continue
				}
				if group[a] != gi || !str[i] || ir.Reducing(g.Nodes[a].Op) {
					full[a] = true
				}
				lastUse[a] = pos
			}
		}
	}
	// Arena layout: q, then scalar constants and full slots, then scratch.
	// A view or a homed part (alias.go) shares the slot of another value.
	size := g.Dim
	slot := make([]int, nn)
	stored := make([]bool, nn)
	for v := range g.Nodes {
		n := &g.Nodes[v]
		slot[v] = -1
		switch {
		case n.Op == ir.OpConst:
			slot[v] = size
			size++
		case group[v] >= 0 && !fam.dropped[v] && (full[v] || n.Shape.Len() == 1 || p.Groups[group[v]].Len == 1 || n.Op == ir.OpConcat):
			// A concat gets a slot even where it could stream: it may
			// then home its parts and be the place that smaller concats
			// of the same parts view (alias.go).
			full[v], stored[v] = true, true
		}
	}
	al := aliasPlan{}
	if !opts.noAliases {
		al = planAliases(p, stored, &fam)
	}
	regionAt := make([]int, len(al.regionLen))
	for r := range regionAt {
		regionAt[r] = -1
	}
	var slotOf func(v ir.Value) int
	slotOf = func(v ir.Value) int {
		switch {
		case g.Nodes[v].Op == ir.OpParam:
			return g.Nodes[v].Aux
		case slot[v] >= 0:
		case al.base != nil && al.base[v] != ir.NoValue:
			slot[v] = slotOf(al.base[v]) + al.off[v]
		case al.region != nil && al.region[v] >= 0:
			r := al.region[v]
			if regionAt[r] < 0 {
				regionAt[r] = size
				size += al.regionLen[r]
			}
			slot[v] = regionAt[r] + al.off[v]
		default:
			slot[v] = size
			size += g.Nodes[v].Shape.Len()
		}
		return slot[v]
	}
	for v := range g.Nodes {
		if stored[v] {
			slotOf(ir.Value(v))
		}
	}
	block := min(opts.block, maxLen(p))
	// Scratch buffers, reused within and across groups by liveness.
	nscratch := 0
	scratchOf := make([]int, nn)
	for gi := range order {
		var free []int
		used := 0
		// release[pos] lists the buffers freed at pos, the first position
		// after their value's last use, in the order their values were
		// given them: scanning every live buffer at every position was
		// quadratic in a group of many scalar values (LDA: 700 000).
		release := make([][]ir.Value, len(order[gi])+1)
		for pos, v := range order[gi] {
			for _, r := range release[pos] {
				free = append(free, scratchOf[r])
			}
			release[pos] = nil
			if full[v] {
				continue
			}
			if len(free) > 0 {
				scratchOf[v] = free[len(free)-1]
				free = free[:len(free)-1]
			} else {
				scratchOf[v] = used
				used++
			}
			at := max(lastUse[v], pos) + 1
			release[at] = append(release[at], v)
		}
		nscratch = max(nscratch, used)
	}
	scratchBase := size
	size += nscratch * block

	kp := &program{dim: g.Dim, block: block} // buildTape allocates init
	// operandOf locates value v as read by a loop in mode m.
	operandOf := func(v ir.Value, streamedUse bool) operand {
		n := &g.Nodes[v]
		L := n.Shape.Len()
		var o operand
		switch n.Op {
		case ir.OpConst:
			return operand{off: slot[v], n: 1, mode: modeScalar}
		case ir.OpData:
			o = operand{src: &g.Data[n.Aux], n: L}
		case ir.OpParam:
			o = operand{off: n.Aux, n: L}
		default:
			if full[v] {
				o = operand{off: slot[v], n: L}
			} else {
				return operand{off: scratchBase + scratchOf[v]*block, n: L, mode: modeScratch}
			}
		}
		switch {
		case n.Shape.Kind == ir.Scalar:
			o.mode = modeScalar
		case streamedUse:
			o.mode = modeStream
		default:
			o.mode = modeWhole
		}
		return o
	}
	tables := map[sigmaKey][]float64{}
	var slab operandSlab
	var shifts []shiftNode
	first := 0
	kp.groups = make([]kgroup, 0, len(p.Groups))
	for gi, grp := range p.Groups {
		// instrs is sized once: growing the slice of a large group
		// reallocated it many times over.
		kg := kgroup{n: grp.Len, first: first, instrs: make([]instr, 0, len(order[gi]))}
		for _, v := range order[gi] {
			if al.elided != nil && al.elided[v] {
				continue
			}
			n := &g.Nodes[v]
			info := n.Op.Info()
			// Built in place: copying a finished instr into the slice
			// moved its pointers under the collector's write barrier, a
			// tenth of a large program's compile.
			kg.instrs = append(kg.instrs, instr{op: n.Op, loop: opLoops[n.Op], nargs: info.Arity, aux: n.Aux})
			in := &kg.instrs[len(kg.instrs)-1]
			if grp.Len == 1 && info.Elementwise {
				in.scalar = info.Scalar
			}
			in.c = scaleOf[n.Op].C
			f, isFamily := fam.at[v]
			in.args = slab.take(argsNeeded(info.Arity, f, isFamily))
			for i := 0; i < info.Arity; i++ {
				in.args[i] = operandOf(n.Args[i], ir.Streamed(n, i))
			}
			in.out = operandOf(v, !ir.Reducing(n.Op))
			switch n.Op {
			case ir.OpGather, ir.OpScatterAdd:
				in.idx = g.Index[n.Aux].Idx
			case ir.OpMatVec, ir.OpMatTVec:
				in.cols = g.Nodes[n.Args[0]].Shape.M
			case ir.OpExtern:
				in.ext = g.Externs[n.Aux]
			}
			if ir.Reducing(n.Op) {
				o := in.out
				o.mode = modeWhole
				kg.zero = append(kg.zero, o)
			}
			if !isFamily && !opts.noTables {
				sigmaTables(in, g.Nodes, n, tables)
			}
			if isFamily {
				in.loop = f.loop
				if f.args != nil {
					in.nargs = len(f.args)
					for i, a := range f.args {
						in.args[i] = operandOf(a, f.streamed[i])
					}
				}
				if f.index >= 0 {
					in.idx = g.Index[f.index].Idx
				}
				in.c = f.c
				// extra outputs: reductions, cleared before the loop
				for _, r := range f.outs {
					o := operandOf(r, false)
					in.args[in.nargs] = o
					in.nargs++
					o.mode = modeWhole
					kg.zero = append(kg.zero, o)
				}
			}
			if !isFamily && (n.Op == ir.OpLseShift || n.Op == ir.OpExpSub) {
				shifts = append(shifts, shiftNode{v: v, gi: gi, ii: len(kg.instrs) - 1})
			}
		}
		first += len(kg.instrs)
		kp.groups = append(kp.groups, kg)
	}
	kp.lp = operandOf(p.LP, false)
	for _, pg := range p.Grads {
		if pg.Adj == ir.NoValue {
			continue
		}
		o := operandOf(pg.Adj, false)
		o.mode = modeWhole
		if g.Nodes[pg.Adj].Op == ir.OpConst {
			o.n = 1
		}
		kp.grads = append(kp.grads, gradOut{off: g.Nodes[pg.Param].Aux, val: o})
	}
	planShifts(kp, p, shifts)
	buildTape(kp, size)
	for v := range g.Nodes {
		if n := &g.Nodes[v]; n.Op == ir.OpConst {
			kp.init[slot[v]] = math.Float64frombits(uint64(n.Aux))
		}
	}
	if al.elided != nil {
		al.initParts(g, slot, kp.init)
	}
	return newKernel(kp)
}

// sigmaKey names a table derived from read-only σ: a data vector (data) or
// a constant (bits), and which function of it.
type sigmaKey struct {
	data int // index into Graph.Data, or -1 for a constant
	bits uint64
	log  bool // log σ, else 1/σ
}

// sigmaTables gives an instruction of a scale form (library.Scale) whose σ
// is read-only — data, as y ~ normal(theta, sigma) in eight schools, or a
// constant, as mu ~ normal(0, 5) — the tables 1/σ (args[3]) and log σ
// (args[4]; nargs becomes 5), laid out as σ is, so that the loop reads them
// instead of dividing and taking a logarithm per element per gradient; for
// a form without a loop of its own (scaleLoops), only when the instruction
// computes one element. The tables hold exactly the values the loops would
// compute, so results do not change. Tables are shared between instructions.
func sigmaTables(in *instr, nodes []ir.Node, n *ir.Node, tables map[sigmaKey][]float64) {
	form := scaleOf[n.Op].Form
	if in.nargs != 3 || form == library.NoScaleForm || scaleLoops[form] == nil && in.scalar == nil {
		return
	}
	sigma := in.args[2]
	sn := &nodes[n.Args[2]]
	var src []float64
	key := sigmaKey{data: -1}
	switch {
	case sn.Op == ir.OpData && sigma.src != nil:
		src, key.data = *sigma.src, sn.Aux
	case sn.Op == ir.OpConst:
		key.bits = uint64(sn.Aux)
		src = []float64{math.Float64frombits(key.bits)}
		sigma = operand{src: &src, n: 1, mode: modeScalar}
	default:
		return
	}
	table := func(log bool) operand {
		key.log = log
		t, ok := tables[key]
		if !ok {
			t = make([]float64, len(src))
			for i, v := range src {
				if log {
					t[i] = math.Log(v)
				} else {
					t[i] = 1 / v
				}
			}
			tables[key] = t
		}
		o := sigma
		o.src = &t
		return o
	}
	in.args[3], in.args[4] = table(false), table(true)
	in.nargs = 5
}

// argsNeeded is the length of an instruction's argument list: the op's
// arity or its family's arguments and extra outputs, and room for the two
// tables sigmaTables adds to a three-argument op.
func argsNeeded(arity int, f familyInstr, isFamily bool) int {
	if !isFamily {
		if arity == 3 {
			return 5
		}
		return arity
	}
	return max(arity, len(f.args)) + len(f.outs)
}

// operandSlab hands out the instructions' argument lists from shared
// chunks: one allocation for thousands of instructions (an HMM's unrolled
// forward algorithm has tens of thousands), where a fixed array of
// maxSlots operands in every instruction tripled its size.
type operandSlab struct{ free []operand }

func (s *operandSlab) take(n int) []operand {
	if len(s.free) < n {
		s.free = make([]operand, max(n, 4096))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// String summarises the compiled kernel for -v output and tests.
func (k *Kernel) String() string {
	n := 0
	for _, g := range k.p.groups {
		n += len(g.instrs)
	}
	return fmt.Sprintf("kernel: dim %d, %d groups, %d instructions, arena %d float64", k.p.dim, len(k.p.groups), n, len(k.p.init))
}

func maxLen(p *ir.Program) int {
	m := 1
	for _, g := range p.Groups {
		m = max(m, g.Len)
	}
	return m
}
