package kernel

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// Aliases: a model written as scalar statements builds its vectors from
// scalars and reads them back one element at a time. `sigma[t] = ...` in a
// loop followed by `y ~ normal(mu, sigma)` lowers to a tree of concats
// (ir.Builder.Pack) that copies each element log₂ N times, and its
// gradient to a tree of slices (gathers of contiguous indices) and elems
// that copy them back: in GARCH(1,1) 600 of the 5 200 instructions, each a
// loop call. None of them computes anything, so the kernel lays the arena
// out such that they have nothing to do and leaves their instructions out:
//
//   - a slice x[k:k+m] (a gather of contiguous indices) or an element
//     x[k] (elem) is a view: its slot is x's slot plus k;
//   - the parts of a concat are placed where the concat's value holds
//     them (homed): each part's instruction writes into the concat's slot,
//     a constant or data part is written there once, in the initial arena.
//
// Values are SSA, written once, so a view never sees its source change,
// and a homed part is the only writer of its place. Results are bit for
// bit those of the copies.

// aliasPlan says which nodes share storage with another.
type aliasPlan struct {
	// base[v] >= 0: v's slot is base[v]'s slot plus off[v] (a view of an
	// earlier node or the home of a part in a later concat).
	base   []ir.Value
	off    []int
	elided []bool // no instruction: a view, or a concat whose parts are homed
}

// planAliases finds the views and homes among the nodes that get full
// slots (stored[v]); fam's nodes keep their own storage.
func planAliases(p *ir.Program, stored []bool, fam *familyPlan) aliasPlan {
	g := p.G
	nn := len(g.Nodes)
	a := aliasPlan{base: make([]ir.Value, nn), off: make([]int, nn), elided: make([]bool, nn)}
	for v := range a.base {
		a.base[v] = ir.NoValue
	}
	// inArena: v's value is in the arena and a view may point into it.
	inArena := func(v ir.Value) bool {
		return g.Nodes[v].Op == ir.OpParam || stored[v]
	}
	free := func(v ir.Value) bool {
		_, isFam := fam.at[v]
		return stored[v] && !fam.skip[v] && !fam.dropped[v] && !isFam
	}
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if !free(ir.Value(v)) {
			continue
		}
		x := n.Args[0]
		switch n.Op {
		case ir.OpElem:
			if inArena(x) {
				a.base[v], a.off[v], a.elided[v] = x, n.Aux, true
			}
		case ir.OpGather:
			idx := g.Index[n.Aux].Idx
			if inArena(x) && contiguous(idx) {
				a.base[v], a.off[v], a.elided[v] = x, int(idx[0]), true
			}
		}
	}
	// Homes, outermost concat first, so a part that is itself a concat
	// is placed before its own parts are considered.
	for v := nn - 1; v >= 0; v-- {
		n := &g.Nodes[v]
		if n.Op != ir.OpConcat || !free(ir.Value(v)) {
			continue
		}
		parts := [2]ir.Value{n.Args[0], n.Args[1]}
		ok := parts[0] != parts[1]
		for _, c := range parts {
			cn := &g.Nodes[c]
			switch {
			case cn.Op == ir.OpConst, cn.Op == ir.OpData:
			case free(c) && a.base[c] == ir.NoValue:
			default:
				ok = false
			}
		}
		if !ok {
			continue
		}
		a.elided[v] = true
		for i, c := range parts {
			off := 0
			if i == 1 {
				off = n.Aux
			}
			if cn := &g.Nodes[c]; cn.Op == ir.OpConst || cn.Op == ir.OpData {
				continue // written into the initial arena (initParts)
			}
			a.base[c], a.off[c] = ir.Value(v), off
		}
	}
	return a
}

// initParts writes the constant and data parts of the elided concats into
// the initial arena at their places in the concat's slot.
func (a *aliasPlan) initParts(g *ir.Graph, slot []int, init []float64) {
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if n.Op != ir.OpConcat || !a.elided[v] {
			continue
		}
		for i := range 2 {
			c := &g.Nodes[n.Args[i]]
			at := slot[v]
			if i == 1 {
				at += n.Aux
			}
			switch c.Op {
			case ir.OpConst:
				init[at] = math.Float64frombits(uint64(c.Aux))
			case ir.OpData:
				copy(init[at:], g.Data[c.Aux])
			}
		}
	}
}

// contiguous reports whether idx is k, k+1, ..., k+len-1.
func contiguous(idx []int32) bool {
	for j := range idx {
		if idx[j] != idx[0]+int32(j) {
			return false
		}
	}
	return len(idx) > 0
}
