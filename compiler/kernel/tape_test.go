package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/library"
)

// libOp is the op of the library kernel named name.
func libOp(t testing.TB, name string) ir.Op {
	t.Helper()
	for _, k := range library.Kernels() {
		if k.Name == name {
			return ir.LibraryOp(k)
		}
	}
	t.Fatalf("no library kernel %s", name)
	return 0
}

// scalarModels are models written as scalar statements in loops, which
// lower to long one-element programs: the tape's workload. garch is the
// posteriordb GARCH(1,1) (a recursion packed into a vector, a vector
// density, elements read back by the gradient); hmm a two-state HMM
// forward recursion (log_sum_exp2, exponential densities of parameters,
// exp in the gradient); scale a normal density with a parameter σ and a
// constant σ per element (the scale forms, with and without σ's tables).
func scalarModels(t testing.TB) []irtest.Model {
	rng := rand.New(rand.NewPCG(3, 4))
	y := make([]float64, 43) // not a multiple of 4: sums have a tail
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	expo, normal := libOp(t, "exponential_lpdf"), libOp(t, "normal_lpdf")
	garch := irtest.Model{Name: "garch", Dim: 4, Build: func(b *ir.Builder) ir.Value {
		mu, a0, a1, b1 := b.Param(0), b.Exp(b.Param(1)), b.Exp(b.Param(2)), b.Exp(b.Param(3))
		sig := []ir.Value{b.Const(1.5)}
		for i := 1; i < len(y); i++ {
			r := b.Sub(b.Const(y[i-1]), mu)
			s := b.Add(b.Add(a0, b.Mul(a1, b.Square(r))), b.Mul(b1, b.Square(sig[i-1])))
			sig = append(sig, b.Apply(ir.OpSqrt, s))
		}
		s := b.Pack(sig)
		lp := b.Sum(b.Apply(normal, b.Data(y), mu, s))
		return b.Add(lp, b.Elem(s, len(y)/2))
	}}
	hmm := irtest.Model{Name: "hmm", Dim: 4, Build: func(b *ir.Builder) ir.Value {
		phi := []ir.Value{b.Exp(b.Param(0)), b.Exp(b.Param(1))}
		th := []ir.Value{b.Param(2), b.Param(3)}
		g := []ir.Value{b.Const(0), b.Const(0)}
		for t := range y {
			u := b.Const(math.Abs(y[t]))
			var next []ir.Value
			for k := range 2 {
				acc := []ir.Value{}
				for j := range 2 {
					acc = append(acc, b.Add(b.Add(g[j], th[j]), b.Apply(expo, u, phi[k])))
				}
				next = append(next, b.Apply(ir.OpLogSumExp2, acc[0], acc[1]))
			}
			g = next
		}
		return b.Apply(ir.OpLogSumExp2, g[0], g[1])
	}}
	scale := irtest.Model{Name: "scale", Dim: 3, Build: func(b *ir.Builder) ir.Value {
		mu, sigma := b.Param(0), b.Exp(b.Param(1))
		lp := b.Apply(normal, b.Param(2), mu, b.Const(2))
		for i := range 8 {
			lp = b.Add(lp, b.Apply(normal, b.Const(y[i]), mu, sigma))
			lp = b.Add(lp, b.Apply(normal, b.Const(y[i]), b.Param(2), b.Const(0.5)))
		}
		return lp
	}}
	return []irtest.Model{garch, hmm, scale, windowsModel(y, false), windowsModel(y, true)}
}

// windowsModel is covid19imperial's convolution in small: a column p
// filled in a loop, its first three elements a broadcast scalar read back
// by elem, each later one a weighted sum of a window of the ones before
// (the last W, or all of them: a prefix), and the whole column packed
// again; with outOfOrder, also packs of some of its scalars out of order.
func windowsModel(y []float64, outOfOrder bool) irtest.Model {
	const n, w = 24, 7
	name := "windows"
	if outOfOrder {
		name += "_out_of_order"
	}
	return irtest.Model{Name: name, Dim: 2, Build: func(b *ir.Builder) ir.Value {
		start := b.Bcast(b.Exp(b.Param(0)), 3)
		p := []ir.Value{b.Elem(start, 0), b.Elem(start, 1), b.Elem(start, 2)}
		rate := b.Exp(b.Param(1))
		lp := b.Const(0)
		for i := 3; i < n; i++ {
			lo := max(0, i-w)
			if i%3 == 0 {
				lo = 0 // a prefix
			}
			win := b.Pack(p[lo:i])
			conv := b.Dot(win, b.Data(y[:i-lo]))
			p = append(p, b.Mul(b.Mul(rate, b.Const(0.1)), conv))
			lp = b.Add(lp, b.Square(conv))
		}
		all := b.Pack(p)
		lp = b.Sub(b.Mul(b.Const(-0.01), lp), b.Dot(b.Square(all), b.Data(y[:n])))
		if !outOfOrder {
			return lp
		}
		// Two packs of the same scalars out of order: not windows, so
		// their concats home copies of scalars the region holds, and x,
		// homed in the second, has its parts side by side in the region
		// but must still be written where it is homed.
		rev := make([]ir.Value, 9)
		for i := range rev {
			rev[i] = p[8-i]
		}
		x := b.Concat(b.Pack(p[3:6]), b.Pack(p[6:9]))
		for _, v := range []ir.Value{b.Pack(rev), b.Concat(x, b.Pack([]ir.Value{p[1], p[0]}))} {
			lp = b.Sub(lp, b.Dot(b.Square(v), b.Data(y[:b.ShapeOf(v).N])))
		}
		return lp
	}}
}

// TestTapeMatchesNodeByNode checks the kernel on scalar programs bit for
// bit against OutProgram, which evaluates the same nodes one at a time
// with the ops' loops over full-length slots: the log density and every
// adjoint, at several points. A step that computes anything else than its
// node (a swapped operand, a wrong register, a fused pair that reads a
// stale value) differs in some bit.
func TestTapeMatchesNodeByNode(t *testing.T) {
	for _, m := range scalarModels(t) {
		t.Run(m.Name, func(t *testing.T) {
			k, p := compileModel(t, m)
			outs := []ir.Value{p.LP}
			for _, pg := range p.Grads {
				outs = append(outs, pg.Adj)
			}
			ref := NewOutProgram(p.G, outs).NewState()
			rng := rand.New(rand.NewPCG(5, 6))
			grad := make([]float64, m.Dim)
			for range 4 {
				q := make([]float64, m.Dim)
				for i := range q {
					q[i] = rng.Float64() - 0.5
				}
				lp := k.LogDensityGrad(grad, q)
				ref.Run(q)
				if want := ref.Slots[p.LP][0]; math.Float64bits(lp) != math.Float64bits(want) {
					t.Errorf("lp at %v = %v, node by node %v", q, lp, want)
				}
				for _, pg := range p.Grads {
					off := p.G.Nodes[pg.Param].Aux
					if want := ref.Slots[pg.Adj][0]; math.Float64bits(grad[off]) != math.Float64bits(want) {
						t.Errorf("grad[%d] at %v = %v, node by node %v", off, q, grad[off], want)
					}
				}
			}
		})
	}
}

// TestAliasesLeaveOutCopies: on GARCH the concats of the packed σ, the
// slices of its adjoint and the elems read back from them have no
// instructions (alias.go), and the gradient is bit for bit the one with
// every copy made.
func TestAliasesLeaveOutCopies(t *testing.T) {
	m := scalarModels(t)[0]
	k, p := compileModel(t, m)
	c := compile(p, compileOpts{block: BlockSize, families: true, noAliases: true})
	count := func(k *Kernel) map[ir.Op]int {
		n := map[ir.Op]int{}
		for _, g := range k.p.groups {
			for _, in := range g.instrs {
				n[in.op]++
			}
		}
		return n
	}
	with, without := count(k), count(c)
	for _, op := range []ir.Op{ir.OpConcat, ir.OpGather, ir.OpElem} {
		if without[op] == 0 || with[op] != 0 {
			t.Errorf("%s: %d instructions with aliases, %d without; want 0 and some", op, with[op], without[op])
		}
	}
	q := irtest.Point(m.Dim)
	g1, g2 := make([]float64, m.Dim), make([]float64, m.Dim)
	lp1, lp2 := k.LogDensityGrad(g1, q), c.LogDensityGrad(g2, q)
	if lp1 != lp2 {
		t.Errorf("lp %v with aliases, %v without", lp1, lp2)
	}
	for i := range g1 {
		if g1[i] != g2[i] {
			t.Errorf("grad[%d] %v with aliases, %v without", i, g1[i], g2[i])
		}
	}
}

// TestWindowsAreViews: the windows of windowsModel, their trees and the
// slices of their adjoints have no instructions (windows.go, alias.go).
func TestWindowsAreViews(t *testing.T) {
	k, _ := compileModel(t, scalarModels(t)[3])
	for _, g := range k.p.groups {
		for _, in := range g.instrs {
			if in.op == ir.OpConcat || in.op == ir.OpGather {
				t.Errorf("a %s instruction is left: its parts should lie side by side", in.op)
			}
		}
	}
}

// TestTapeFormsMatchLibrary: the tape's written-out log_sum_exp2 and its
// exponential_lpdf with log β hoisted are bit for bit the ops' Scalar
// functions, special values included (math.Max's: ±Inf, NaN, ±0).
func TestTapeFormsMatchLibrary(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.3, -2.5, 700, -745, 1e-300,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	lse := ir.OpLogSumExp2.Info().Scalar
	expo := libOp(t, "exponential_lpdf").Info().Scalar
	for _, a := range vals {
		for _, b := range vals {
			if got, want := logSumExp2(a, b), lse(a, b, 0, 0, 0); !same(got, want) {
				t.Errorf("logSumExp2(%v, %v) = %v, op %v", a, b, got, want)
			}
			if got, want := exponentialLpdf(a, b, math.Log(b)), expo(a, b, 0, 0, 0); !same(got, want) {
				t.Errorf("exponentialLpdf(%v | %v) = %v, op %v", a, b, got, want)
			}
		}
	}
}

// TestCheckRegisters: a step with a register past the arena is refused
// (runTape reads the arena without bounds checks).
func TestCheckRegisters(t *testing.T) {
	k, _ := compileModel(t, scalarModels(t)[1])
	if err := checkRegisters(k.p); err != nil {
		t.Fatalf("compiled tape: %v", err)
	}
	for i, s := range k.p.tape {
		if s.op != tSlow {
			p := *k.p
			p.tape = append([]tinstr(nil), k.p.tape...)
			p.tape[i].y = uint32(len(p.init))
			if s.op == tExpoLpdf || s.op == tAdd {
				if checkRegisters(&p) == nil {
					t.Errorf("step %d with register %d of %d accepted", i, p.tape[i].y, len(p.init))
				}
				return
			}
		}
	}
	t.Fatal("no add or exponential_lpdf step in the hmm tape")
}

// TestVectorSigmaFamily: on GARCH the normal density of a computed σ
// vector, its sum, the sum of its dmu and its dsigma run as one loop
// (families_vec.go); TestTapeMatchesNodeByNode checks its values bit for bit.
func TestVectorSigmaFamily(t *testing.T) {
	k, p := compileModel(t, scalarModels(t)[0])
	count := func(k *Kernel) (n int) {
		for _, g := range k.p.groups {
			for _, in := range g.instrs {
				if in.op == libOp(t, "normal_lpdf") || in.op == libOp(t, "normal_dmu") || in.op == ir.OpSum {
					n++
				}
			}
		}
		return n
	}
	if with, without := count(k), count(compile(p, compileOpts{block: BlockSize})); with != 0 || without < 4 {
		t.Errorf("normal_lpdf, normal_dmu and sum instructions: %d with families, %d without; want 0 and at least 4", with, without)
	}
}
