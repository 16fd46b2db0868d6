package kernel

import (
	"cmp"
	"math"
	"slices"

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
	// region[v] >= 0: v's slot is that window region's plus off[v]
	// (windows.go); regionLen[r] is region r's length.
	region    []int32
	regionLen []int
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
	// viewed[v]: v is a view (set below) that a concat may still home
	// instead, v's instruction then copying into its place there: one
	// copy that lets the concat and the concats that view it copy none.
	viewed := make([]bool, nn)
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
				viewed[v] = true
			}
		case ir.OpGather:
			idx := g.Index[n.Aux].Idx
			if inArena(x) && contiguous(idx) {
				a.base[v], a.off[v], a.elided[v] = x, int(idx[0]), true
				viewed[v] = true
			}
		}
	}
	visited := make([]bool, nn)
	a.planWindows(g, free, viewed, visited)
	// Homes, the longest concat first and each one's tree before the next
	// (depth first), so that the largest of many overlapping concats of
	// the same scalars (the prefixes of a column a loop fills, each read
	// by sub_col: covid19imperial) places all of them.
	var home func(v ir.Value)
	home = func(v ir.Value) {
		n := &g.Nodes[v]
		if n.Op != ir.OpConcat || visited[v] || !free(v) {
			return
		}
		visited[v] = true
		parts := [2]ir.Value{n.Args[0], n.Args[1]}
		ok := parts[0] != parts[1]
		for _, c := range parts {
			cn := &g.Nodes[c]
			switch {
			case cn.Op == ir.OpConst, cn.Op == ir.OpData:
			case free(c) && (a.base[c] == ir.NoValue && !a.inRegion(c) || viewed[c]):
			default:
				ok = false
			}
		}
		if ok {
			a.elided[v] = true
			for i, c := range parts {
				off := 0
				if i == 1 {
					off = n.Aux
				}
				if cn := &g.Nodes[c]; cn.Op == ir.OpConst || cn.Op == ir.OpData {
					continue // written into the initial arena (initParts)
				}
				a.base[c], a.off[c] = v, off
				if viewed[c] {
					viewed[c], a.elided[c] = false, false
				}
			}
		}
		home(parts[0])
		home(parts[1])
	}
	var concats []ir.Value
	for v := range g.Nodes {
		if g.Nodes[v].Op == ir.OpConcat {
			concats = append(concats, ir.Value(v))
		}
	}
	slices.SortStableFunc(concats, func(x, y ir.Value) int {
		return cmp.Or(g.Nodes[y].Shape.Len()-g.Nodes[x].Shape.Len(), int(y-x))
	})
	for _, v := range concats {
		home(v)
	}
	// A concat whose parts already lie side by side in one place (homed
	// there by a larger concat) is a view of them, its parts first; one
	// homed itself keeps its home, and copies nothing if its parts lie
	// there already.
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if n.Op != ir.OpConcat || a.elided[v] || !free(ir.Value(v)) {
			continue
		}
		r0, o0 := a.resolve(n.Args[0])
		r1, o1 := a.resolve(n.Args[1])
		if r0 != r1 || o1 != o0+n.Aux || (r0 >= 0 && !stored[r0]) {
			continue
		}
		if a.base[v] == ir.NoValue {
			a.base[v], a.off[v], a.elided[v] = n.Args[0], 0, true
		} else if rv, ov := a.resolve(ir.Value(v)); rv == r0 && ov == o0 {
			a.elided[v] = true // homed where its parts already are
		}
	}
	return a
}

// inRegion reports whether v is placed in a window region.
func (a *aliasPlan) inRegion(v ir.Value) bool {
	return a.region != nil && a.region[v] >= 0
}

// resolve follows v's views and homes to the place that holds it: v lies
// at offset off of root's slot, or of window region r's where root is
// -(r+2).
func (a *aliasPlan) resolve(v ir.Value) (root ir.Value, off int) {
	for a.base[v] != ir.NoValue {
		off += a.off[v]
		v = a.base[v]
	}
	if a.inRegion(v) {
		return -ir.Value(a.region[v]) - 2, off + a.off[v]
	}
	return v, off
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
