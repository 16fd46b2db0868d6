package kernel

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// Family loops: where automatic differentiation leaves several instructions
// that read the same arguments, one loop computes them all in one pass, as
// Stan's operands-and-partials computes a density with its partials
// (Carpenter et al. 2015, "The Stan Math Library", §5). The IR keeps one node
// per value; only the kernel's instruction list changes, so printing, checks
// and the C emitter see the plain program.
//
// The families so far: the linear predictor a[idx] + s*x of a varying
// intercept (gather, mul, add: one loop); and the likelihood y ~ F(mu,
// sigma) of a density F with library.ScalePartials (a regression's normal)
// with vectors y, mu and a scalar sigma, for which AD makes sum(F's lpdf),
// its dmu and sum(its dsigma) of the same (y, mu, sigma): one loop, which
// also absorbs dmu's consumers when they are a scatter-add and a dot (the
// adjoints of a gathered intercept and a slope). On the N = 1e5 varying-intercept benchmark this takes the data
// loop from ten instructions to two and the gradient from ~4.5x to ~1.5x
// the hand-written one. To add a family: a detector in planFamilies and a
// loop that computes every stored element exactly as the ops' Scalar
// functions do (sums may be reassociated, as any blocked sum is).

// key names a node by its op and arguments, to find the partials that AD
// built beside a density.
type key struct {
	op   ir.Op
	args [ir.MaxArgs]ir.Value
}

// byArgsLookup is the node of an op on given arguments in the group, if any.
func byArgsLookup(m map[key]ir.Value) func(ir.Op, [ir.MaxArgs]ir.Value) (ir.Value, bool) {
	return func(op ir.Op, args [ir.MaxArgs]ir.Value) (ir.Value, bool) {
		v, ok := m[key{op, args}]
		return v, ok
	}
}

// familyPlan says which nodes a family loop computes.
type familyPlan struct {
	skip    []bool                   // not emitted at their own position
	dropped []bool                   // computed inside a family loop: no storage
	first   map[ir.Value]ir.Value    // emit this node's instruction here instead
	at      map[ir.Value]familyInstr // the family instruction, by the node it outputs
}

type familyInstr struct {
	loop loopFunc
	outs []ir.Value // reductions the loop also writes, as extra arguments after args
	// args, when set, replace the node's arguments (streamed[i]: read along
	// the loop, else whole); index is the index array the loop reads, or -1.
	args     []ir.Value
	streamed []bool
	index    int
	c        float64 // the density's scale-form constant (library.Scale)
}

// reads lists the values that v's instruction reads under the plan, and
// whether each is read along the loop.
func (f *familyPlan) reads(g *ir.Graph, v ir.Value) ([]ir.Value, []bool) {
	if fi, ok := f.at[v]; ok && fi.args != nil {
		return fi.args, fi.streamed
	}
	n := &g.Nodes[v]
	k := n.Op.Info().Arity
	str := make([]bool, k)
	for i := range str {
		str[i] = ir.Streamed(n, i)
	}
	return n.Args[:k], str
}

func newFamilyPlan(n int) familyPlan {
	return familyPlan{skip: make([]bool, n), dropped: make([]bool, n),
		first: map[ir.Value]ir.Value{}, at: map[ir.Value]familyInstr{}}
}

// order is the instruction order of each group under the plan.
func (f *familyPlan) order(p *ir.Program) [][]ir.Value {
	out := make([][]ir.Value, len(p.Groups))
	for gi, grp := range p.Groups {
		for _, v := range grp.Nodes {
			if w, ok := f.first[v]; ok {
				out[gi] = append(out[gi], w)
			} else if !f.skip[v] {
				out[gi] = append(out[gi], v)
			}
		}
	}
	return out
}

// planFamilies finds the families in loops longer than one element. out
// marks the program's outputs, which must stay instructions of their own.
func planFamilies(f *familyPlan, p *ir.Program, group []int, out []bool) {
	g := p.G
	live := make([]bool, len(g.Nodes))
	ir.MarkLive(p, live)
	consumers := make([][]ir.Value, len(g.Nodes))
	for v := range g.Nodes {
		if !live[v] {
			continue
		}
		n := &g.Nodes[v]
		for i := 0; i < n.Op.Info().Arity; i++ {
			consumers[n.Args[i]] = append(consumers[n.Args[i]], ir.Value(v))
		}
	}
	// soleSum is x's only consumer if that is a sum in x's group.
	soleSum := func(x ir.Value) ir.Value {
		if out[x] || len(consumers[x]) != 1 {
			return ir.NoValue
		}
		s := consumers[x][0]
		if g.Nodes[s].Op != ir.OpSum || group[s] != group[x] {
			return ir.NoValue
		}
		return s
	}
	for _, grp := range p.Groups {
		if grp.Len == 1 {
			continue
		}
		byArgs := map[key]ir.Value{}
		for _, v := range grp.Nodes {
			n := &g.Nodes[v]
			byArgs[key{n.Op, n.Args}] = v
		}
		for _, v := range grp.Nodes {
			planLinearPredictor(f, g, v, consumers, out, group)
			n := &g.Nodes[v]
			planScaleFamilyVec(f, g, ir.Value(v), byArgsLookup(byArgs), soleSum, out)
			sp := scalePartials[n.Op]
			if sp == nil || g.Nodes[n.Args[0]].Shape.Kind != ir.Vector ||
				g.Nodes[n.Args[1]].Shape.Kind != ir.Vector || g.Nodes[n.Args[2]].Shape.Kind != ir.Scalar {
				continue
			}
			opDmu, opDs := ir.LibraryOp(sp.Dmu), ir.LibraryOp(sp.Dsigma)
			if scaleOf[n.Op].Form != library.HalfSquare || scaleOf[opDmu].Form != library.ZOverScale ||
				scaleOf[opDs].Form != library.SquareMinusOne {
				continue
			}
			dmu, ok1 := byArgs[key{opDmu, n.Args}]
			ds, ok2 := byArgs[key{opDs, n.Args}]
			if !ok1 || !ok2 || out[v] || out[ds] {
				continue
			}
			lpSum, dsSum := soleSum(v), soleSum(ds)
			if lpSum == ir.NoValue || dsSum == ir.NoValue {
				continue
			}
			f.first[v] = dmu
			for _, w := range []ir.Value{v, dmu, ds, lpSum, dsSum} {
				f.skip[w] = true
			}
			f.dropped[v], f.dropped[ds] = true, true
			fi := familyInstr{loop: loopScaleFamily, outs: []ir.Value{lpSum, dsSum},
				args: n.Args[:3], streamed: []bool{true, true, true}, index: -1, c: scaleOf[n.Op].C}
			// Absorb dmu's consumers when they are exactly a scatter-add (the
			// adjoint of a gathered mu) and a dot with a vector ready before
			// the loop (the adjoint of a slope): the hand-written gradient's
			// loop, split in two.
			if sc, dt, w, ok := scatterAndDot(g, dmu, v, consumers, group, out); ok {
				f.skip[sc], f.skip[dt] = true, true
				fi.loop = loopScaleFamilyScatterDot
				fi.args = []ir.Value{n.Args[0], n.Args[1], n.Args[2], w}
				fi.streamed = []bool{true, true, true, true}
				fi.outs = []ir.Value{lpSum, dsSum, sc, dt}
				fi.index = g.Nodes[sc].Aux
			}
			f.at[dmu] = fi
		}
	}
}

// scatterAndDot reports whether dmu's only consumers are one
// scatter_add(dmu) and one dot(dmu, w) in dmu's loop, with w defined before
// the family's position v, and returns them.
func scatterAndDot(g *ir.Graph, dmu, v ir.Value, consumers [][]ir.Value, group []int, out []bool) (sc, dt, w ir.Value, ok bool) {
	if out[dmu] || len(consumers[dmu]) != 2 {
		return ir.NoValue, ir.NoValue, ir.NoValue, false
	}
	sc, dt, w = ir.NoValue, ir.NoValue, ir.NoValue
	for _, c := range consumers[dmu] {
		n := &g.Nodes[c]
		if group[c] != group[dmu] {
			return ir.NoValue, ir.NoValue, ir.NoValue, false
		}
		switch {
		case n.Op == ir.OpScatterAdd:
			sc = c
		case n.Op == ir.OpDot && n.Args[0] != n.Args[1]:
			dt, w = c, n.Args[0]
			if w == dmu {
				w = n.Args[1]
			}
		}
	}
	if sc == ir.NoValue || dt == ir.NoValue || w >= v || g.Nodes[w].Shape.Kind != ir.Vector {
		return ir.NoValue, ir.NoValue, ir.NoValue, false
	}
	return sc, dt, w, true
}

// loopScaleFamily writes dmu(y, mu, sigma) (library.ZOverScale) into d,
// element by element as the form computes it, and adds the block's Σ lpdf
// (HalfSquare, constant in.c) and Σ dsigma (SquareMinusOne) into a[3] and
// a[4] through Σz² (library.ScalePartials): with n elements,
// Σ (-z²/2 - log σ - C) = -Σz²/2 - n(log σ + C) and
// Σ (z²-1)/σ = (Σz² - n)/σ. The sums round differently from adding the
// elements one by one, as any reordering of a sum does; they cost one
// multiply-add per element instead of nine operations.
func loopScaleFamily(d []float64, a *[maxSlots][]float64, in *instr, _ int) {
	y, mu, sigma := a[0][:len(d)], a[1][:len(d)], a[2][0]
	c := in.c
	inv := 1 / sigma
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(d); j += 4 {
		z0, z1 := (y[j]-mu[j])*inv, (y[j+1]-mu[j+1])*inv
		z2, z3 := (y[j+2]-mu[j+2])*inv, (y[j+3]-mu[j+3])*inv
		d[j], d[j+1], d[j+2], d[j+3] = z0*inv, z1*inv, z2*inv, z3*inv
		s0 += z0 * z0
		s1 += z1 * z1
		s2 += z2 * z2
		s3 += z3 * z3
	}
	for ; j < len(d); j++ {
		z := (y[j] - mu[j]) * inv
		d[j] = z * inv
		s0 += z * z
	}
	sq, n := (s0+s1)+(s2+s3), float64(len(d))
	a[3][0] += -0.5*sq - n*(math.Log(sigma)+c)
	a[4][0] += (sq - n) * inv
}

// loopScaleFamilyScatterDot is loopScaleFamily that also adds dmu[j] into
// out[idx[j]] (a[6]) and Σ w·dmu into a[7] (w is a[3]; the sums go to a[4],
// a[5]).
func loopScaleFamilyScatterDot(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	y, mu, sigma, w := a[0][:len(d)], a[1][:len(d)], a[2][0], a[3][:len(d)]
	sc := a[6]
	idx := in.idx[lo : lo+len(d)]
	inv, c := 1/sigma, in.c
	var s0, s1, t0, t1 float64
	j := 0
	for ; j+2 <= len(d); j += 2 {
		z0, z1 := (y[j]-mu[j])*inv, (y[j+1]-mu[j+1])*inv
		d0, d1 := z0*inv, z1*inv
		d[j], d[j+1] = d0, d1
		s0 += z0 * z0
		s1 += z1 * z1
		t0 += w[j] * d0
		t1 += w[j+1] * d1
		sc[idx[j]] += d0
		sc[idx[j+1]] += d1
	}
	for ; j < len(d); j++ {
		z := (y[j] - mu[j]) * inv
		dj := z * inv
		d[j] = dj
		s0 += z * z
		t0 += w[j] * dj
		sc[idx[j]] += dj
	}
	sq, n := s0+s1, float64(len(d))
	a[4][0] += -0.5*sq - n*(math.Log(sigma)+c)
	a[5][0] += (sq - n) * inv
	a[7][0] += t0 + t1
}

// planLinearPredictor finds add(gather(a, idx), mul(s, x)) with s a scalar
// and x a vector, the gather and the product in the add's loop and used
// only by it.
func planLinearPredictor(f *familyPlan, g *ir.Graph, v ir.Value, consumers [][]ir.Value, out []bool, group []int) {
	n := &g.Nodes[v]
	if n.Op != ir.OpAdd || n.Shape.Kind != ir.Vector {
		return
	}
	only := func(x ir.Value) bool {
		return !out[x] && len(consumers[x]) == 1 && !f.skip[x] && group[x] == group[v]
	}
	for i := 0; i < 2; i++ {
		gt, m := &g.Nodes[n.Args[i]], &g.Nodes[n.Args[1-i]]
		if gt.Op != ir.OpGather || m.Op != ir.OpMul || !only(n.Args[i]) || !only(n.Args[1-i]) {
			continue
		}
		for j := 0; j < 2; j++ {
			s, x := m.Args[j], m.Args[1-j]
			if g.Nodes[s].Shape.Kind != ir.Scalar || g.Nodes[x].Shape.Kind != ir.Vector {
				continue
			}
			f.skip[n.Args[i]], f.skip[n.Args[1-i]] = true, true
			f.dropped[n.Args[i]], f.dropped[n.Args[1-i]] = true, true
			f.at[v] = familyInstr{loop: loopLinearPredictor,
				args: []ir.Value{gt.Args[0], s, x}, streamed: []bool{false, true, true}, index: gt.Aux}
			return
		}
	}
}

// loopLinearPredictor is d[j] = a[idx[j]] + s*x[j], element by element what
// gather, mul and add compute.
func loopLinearPredictor(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	src, s, x := a[0], a[1][0], a[2][:len(d)]
	idx := in.idx[lo : lo+len(d)]
	for j, i := range idx {
		d[j] = src[i] + s*x[j]
	}
}
