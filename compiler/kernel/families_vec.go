package kernel

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// The likelihood y ~ F(mu, sigma) of a scale-form density F (a normal)
// whose sigma is a vector that the model computes — a GARCH or stochastic
// volatility model's σ_t — and whose mu is a scalar or absent: AD leaves
// sum(F's lpdf), sum(its dmu) when mu is a parameter, and dsigma, the
// adjoint of σ element by element, three loops that each divide by σ_j.
// One loop computes 1/σ_j once and all three. Unlike loopScaleFamily's,
// its sums add the elements exactly as loopSum would, four accumulators
// in the same order, so the result is bit for bit that of the three
// loops and the sums.

// planScaleFamilyVec plans the family of the density node v, if it is one.
func planScaleFamilyVec(f *familyPlan, g *ir.Graph, v ir.Value, node func(ir.Op, [ir.MaxArgs]ir.Value) (ir.Value, bool),
	soleSum func(ir.Value) ir.Value, out []bool) {
	n := &g.Nodes[v]
	sp := scalePartials[n.Op]
	if sp == nil || out[v] || f.skip[v] || g.Nodes[n.Args[2]].Shape.Kind != ir.Vector ||
		g.Nodes[n.Args[1]].Shape.Kind != ir.Scalar {
		return
	}
	opDmu, opDs := ir.LibraryOp(sp.Dmu), ir.LibraryOp(sp.Dsigma)
	if scaleOf[n.Op].Form != library.HalfSquare || scaleOf[opDmu].Form != library.ZOverScale ||
		scaleOf[opDs].Form != library.SquareMinusOne {
		return
	}
	ds, ok := node(opDs, n.Args)
	lpSum := soleSum(v)
	if !ok || f.skip[ds] || lpSum == ir.NoValue || soleSum(ds) != ir.NoValue {
		return
	}
	outs := []ir.Value{lpSum}
	skip := []ir.Value{v, ds, lpSum}
	if dmu, ok := node(opDmu, n.Args); ok {
		dmuSum := soleSum(dmu)
		if f.skip[dmu] || dmuSum == ir.NoValue {
			return
		}
		outs = append(outs, dmuSum)
		skip = append(skip, dmu, dmuSum)
		f.dropped[dmu] = true
	}
	f.first[v] = ds
	for _, w := range skip {
		f.skip[w] = true
	}
	f.dropped[v] = true
	f.at[ds] = familyInstr{loop: loopScaleFamilyVec, outs: outs,
		args: n.Args[:3], streamed: []bool{true, true, true}, index: -1, c: scaleOf[n.Op].C}
}

// loopScaleFamilyVec writes dsigma(y, mu, sigma) (library.SquareMinusOne)
// into d and adds the block's Σ lpdf (HalfSquare) into a[3] and, with a
// fifth slot, Σ dmu (ZOverScale) into a[4], each element as its form
// computes it from 1/σ_j and log σ_j, each sum as loopSum adds.
func loopScaleFamilyVec(d []float64, a *[maxSlots][]float64, in *instr, _ int) {
	y, mu, sigma := a[0], a[1][0], a[2][:len(d)]
	dmu := in.nargs == 5
	c := in.c
	var l, m [4]float64
	n4 := len(d) - len(d)%4
	for j := range d {
		s := sigma[j]
		inv := 1 / s
		yj := at(y, j)
		k := j & 3
		if j >= n4 {
			k = 0
		}
		l[k] += halfSquare(yj, mu, inv, math.Log(s), c)
		d[j] = squareMinusOne(yj, mu, inv)
		if dmu {
			m[k] += zOverScale(yj, mu, inv)
		}
	}
	a[3][0] += (l[0] + l[1]) + (l[2] + l[3])
	if dmu {
		a[4][0] += (m[0] + m[1]) + (m[2] + m[3])
	}
}
