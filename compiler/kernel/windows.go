package kernel

import (
	"slices"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// Windows: a loop that fills a column element by element and reads a
// sliding window of it at each step (covid19imperial's convolution,
// dot_product(sub_col(prediction, 1, m, i - 1), tail(SI_rev, i - 1)),
// where the weights' zeros cut the window to its last 65 days) packs
// every window as its own tree of concats. No window holds the others,
// so homing the scalars in one of them (alias.go) leaves the rest to copy
// theirs: half the gradient's time went to those copies. When every
// window of a group of concats that share scalars is a run of the same
// sequence (the scalars in the order they were computed), the scalars are
// homed in a region of the arena laid out in that order and every window,
// and every concat inside one, is a view of it.

// windowBudget bounds the scalars the search expands, summed over the
// windows: a model with many long concats keeps plain homing.
const windowBudget = 1 << 22

// planWindows finds the groups of windows and lays out their regions;
// the concats it places are marked visited so plain homing leaves them.
func (a *aliasPlan) planWindows(g *ir.Graph, free func(ir.Value) bool, viewed, visited []bool) {
	nn := len(g.Nodes)
	isPart := make([]bool, nn)
	for v := range g.Nodes {
		if n := &g.Nodes[v]; n.Op == ir.OpConcat {
			isPart[n.Args[0]], isPart[n.Args[1]] = true, true
		}
	}
	// Each top concat's scalars, in order, where all are free scalars
	// computed in increasing order and not yet homed.
	var tops []ir.Value
	var leaves [][]ir.Value
	budget := windowBudget
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if n.Op != ir.OpConcat || isPart[v] || !free(ir.Value(v)) || a.base[v] != ir.NoValue {
			continue
		}
		if budget -= n.Shape.Len(); budget < 0 {
			return
		}
		if ls, ok := windowLeaves(g, ir.Value(v), free, a, viewed); ok {
			tops = append(tops, ir.Value(v))
			leaves = append(leaves, ls)
		}
	}
	// Group the tops that share a scalar (union-find over the tops).
	parent := make([]int, len(tops))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make(map[ir.Value]int)
	for i, ls := range leaves {
		for _, l := range ls {
			if j, ok := owner[l]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[l] = i
			}
		}
	}
	groups := make(map[int][]int)
	for i := range tops {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	roots := make([]int, 0, len(groups))
	for r, members := range groups {
		if len(members) > 1 {
			roots = append(roots, r)
		}
	}
	slices.Sort(roots) // the regions in a fixed order
	if a.region == nil && len(roots) > 0 {
		a.region = make([]int32, nn)
		for v := range a.region {
			a.region[v] = -1
		}
	}
	for _, r := range roots {
		a.placeWindows(g, groups[r], tops, leaves, viewed, visited)
	}
}

// placeWindows lays out one group's region if each of its windows is a
// run of the sequence of all their scalars.
func (a *aliasPlan) placeWindows(g *ir.Graph, members []int, tops []ir.Value, leaves [][]ir.Value, viewed, visited []bool) {
	var seq []ir.Value
	for _, i := range members {
		seq = append(seq, leaves[i]...)
	}
	slices.Sort(seq)
	seq = slices.Compact(seq)
	pos := make(map[ir.Value]int, len(seq))
	for k, l := range seq {
		pos[l] = k
	}
	for _, i := range members {
		first := pos[leaves[i][0]]
		for k, l := range leaves[i] {
			if pos[l] != first+k {
				return
			}
		}
	}
	r := int32(len(a.regionLen))
	a.regionLen = append(a.regionLen, len(seq))
	for k, l := range seq {
		a.region[l], a.off[l] = r, k
		if viewed[l] {
			viewed[l], a.elided[l], a.base[l] = false, false, ir.NoValue
		}
	}
	for _, i := range members {
		a.placeTree(g, tops[i], r, pos[leaves[i][0]], visited)
	}
}

// placeTree makes the concat v, placed at off of region r, and the
// concats inside it views of the region.
func (a *aliasPlan) placeTree(g *ir.Graph, v ir.Value, r int32, off int, visited []bool) {
	n := &g.Nodes[v]
	if n.Op != ir.OpConcat || visited[v] {
		return
	}
	visited[v] = true
	a.region[v], a.off[v], a.elided[v] = r, off, true
	a.placeTree(g, n.Args[0], r, off, visited)
	a.placeTree(g, n.Args[1], r, off+n.Aux, visited)
}

// windowLeaves lists the scalars of the concat tree at v in order, and
// reports whether it is a window: every inner concat free and unplaced,
// every scalar free, not yet homed (a view may be), and computed after
// the one before it.
func windowLeaves(g *ir.Graph, v ir.Value, free func(ir.Value) bool, a *aliasPlan, viewed []bool) ([]ir.Value, bool) {
	var out []ir.Value
	stack := []ir.Value{v}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := &g.Nodes[u]
		if !free(u) || (a.base[u] != ir.NoValue && !viewed[u]) {
			return nil, false
		}
		if n.Op == ir.OpConcat {
			stack = append(stack, n.Args[1], n.Args[0])
			continue
		}
		if n.Shape.Len() != 1 || (len(out) > 0 && u <= out[len(out)-1]) {
			return nil, false
		}
		out = append(out, u)
	}
	return out, true
}
