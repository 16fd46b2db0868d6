package compiler

import (
	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
)

// Calls of reduce_sum and reduce_sum_static whose arguments depend on
// parameters. Stan defines reduce_sum(f, x, grainsize, s...) as the sum
// of f(x[start:end], start, end, s...) over any partition of x into
// slices, which its threads evaluate in parallel. Here the partition is
// fixed by the size of x and the grainsize alone (reducePartition), never
// by the number of threads: each slice is lowered into a program of its
// own whose q is the parameter-dependent elements it reads, and the call
// becomes an extern op (extern.ReduceSum) that evaluates the slices,
// on several goroutines when the model is given threads
// (Model.SetThreads), and adds their values and gradients in slice
// order. The log density and gradient are therefore the same, bit for
// bit, for any number of threads. A call whose arguments are all data is
// inlined as f(x, 1, size(x), s...), a constant; so is every call for the
// C and CUDA samplers (Options.Serial), which have no extern ops.

// maxReduceSlices bounds the number of slices of one call: a slice is a
// program and an evaluation of its own, and more slices than threads buy
// only load balance. 32 serves up to 32 threads per chain.
const maxReduceSlices = 32

// reducePartition returns the ends of the slices of n elements for
// grainsize g: slices of max(g, ⌈n/maxReduceSlices⌉) elements, in order,
// the last one shorter where they do not divide n. Stan's reduce_sum_static
// makes slices of g elements; both forms are capped here alike.
func reducePartition(n, g int) []int {
	size := max(g, (n+maxReduceSlices-1)/maxReduceSlices)
	var ends []int
	for hi := size; ; hi += size {
		if hi >= n {
			return append(ends, n)
		}
		ends = append(ends, hi)
	}
}

// reduceSum lowers a call of reduce_sum or reduce_sum_static. For a
// density named NAME_lupmf (or _lupdf) its constants drop as they do for
// a call NAME_lupmf(...) made here.
func (l *lowerer) reduceSum(c *lang.CallExpr) *val {
	if l.lanes > 0 {
		l.vectorFail()
	}
	x := l.expr(c.Args[1])
	g := l.expr(c.Args[2])
	if g.known == nil || g.lanes > 0 {
		l.fail(c.Args[2], "%s: the grainsize must be data", c.Name)
	}
	if g.known[0] < 1 {
		l.fail(c.Args[2], "%s: grainsize must be positive; found %d", c.Name, int(g.known[0]))
	}
	n := 0
	if len(x.dims) > 0 {
		n = x.dims[0]
	}
	if n == 0 {
		return knownScalar(0, false)
	}
	var shared []*val
	for _, a := range c.Args[3:] {
		shared = append(shared, l.expr(a))
	}
	propto := false
	if c.Unnormalized() {
		propto = l.dropsConstants()
	}
	elems, xs := l.paramElems(append([]*val{x}, shared...))
	if len(xs) == 0 || l.serial {
		args := append([]*val{x, knownScalar(1, true), knownScalar(float64(n), true)}, shared...)
		return l.inline(c, c.FnArg, args, propto)
	}
	// id[i][j]: the index in the extern's input of argument i's element j,
	// -1 where it does not depend on parameters.
	id := make([][]int32, len(elems))
	next := int32(0)
	for i, es := range elems {
		id[i] = make([]int32, len(es))
		for j, e := range es {
			id[i][j] = -1
			if e == ir.NoValue {
				id[i][j] = next
				next++
			}
		}
	}
	rs := &extern.ReduceSum{Call: c.Name, N: len(xs), Threads: 1}
	row := size(x.dims[1:])
	lo := 0
	for _, hi := range reducePartition(n, int(g.known[0])) {
		xv := &val{dims: append([]int{hi - lo}, x.dims[1:]...), kind: x.kind, isInt: x.isInt, autodiff: x.autodiff}
		if x.known != nil {
			xv.known = x.known[lo*row : hi*row]
		}
		args := append([]*val{xv, knownScalar(float64(lo+1), true), knownScalar(float64(hi), true)}, shared...)
		sElems := append([][]ir.Value{elems[0][lo*row : hi*row], nil, nil}, elems[1:]...)
		sID := append([][]int32{id[0][lo*row : hi*row], nil, nil}, id[1:]...)
		rs.Slices = append(rs.Slices, l.sliceProgram(c, args, sElems, sID, propto))
		lo = hi
	}
	return symbolic(nil, lang.KindReal, l.b.Elem(l.b.Extern(rs, l.b.Pack(xs)), 0))
}

// sliceProgram lowers f(args...) for one slice into a program of its own
// whose q holds the parameter-dependent elements (id >= 0) that f reads:
// lowered once with all of them as parameters, to see which it reads,
// then, where it reads fewer, again with the others as zeros (read by
// nothing). Elements that do not depend on parameters are constants.
func (l *lowerer) sliceProgram(c *lang.CallExpr, args []*val, elems [][]ir.Value, id [][]int32, propto bool) extern.Slice {
	var all []int32
	for _, ids := range id {
		for _, v := range ids {
			if v >= 0 {
				all = append(all, v)
			}
		}
	}
	b, f := l.sliceGraph(c, args, elems, id, all, propto)
	reads := readParams(b.G, f)
	var use []int32
	for off, v := range all {
		if reads[off] {
			use = append(use, v)
		}
	}
	if len(use) < len(all) {
		b, f = l.sliceGraph(c, args, elems, id, use, propto)
	}
	k, _, err := kernel.New(b, f)
	if err != nil {
		l.fail(c, "%s: the partial sum %s: %v", c.Name, c.FnArg.Name, err)
	}
	return extern.Slice{F: k, Use: use}
}

// sliceGraph builds f(args...) with q[j] the element of id use[j] (use
// ascending): other parameter-dependent elements are zeros.
func (l *lowerer) sliceGraph(c *lang.CallExpr, args []*val, elems [][]ir.Value, id [][]int32, use []int32, propto bool) (*ir.Builder, ir.Value) {
	sub := &lowerer{b: ir.NewBuilder(len(use)), prog: l.prog, bound: l.bound, block: l.block,
		vars: map[*lang.VarDecl]*val{}, loops: map[loopKey]*val{}, fn: funcState{frame: l.fn.frame}}
	b := sub.b
	b.At = c.Pos
	in := make([]*val, len(args))
	q := 0
	for i, a := range args {
		if a.known != nil {
			in[i] = a
			continue
		}
		xs := make([]ir.Value, a.size())
		for j, e := range elems[i] {
			switch v := id[i][j]; {
			case v < 0:
				x, _ := l.b.G.IsConst(e)
				xs[j] = b.Const(x)
			case q < len(use) && use[q] == v:
				xs[j] = b.Param(q)
				q++
			default:
				xs[j] = b.Const(0)
			}
		}
		in[i] = sub.fromElems(a.dims, a.kind, xs)
		in[i].isInt = a.isInt
	}
	f := sub.inline(c, c.FnArg, in, propto)
	if f.size() != 1 || len(f.dims) != 0 {
		sub.fail(c, "%s: the partial sum %s must return a real", c.Name, c.FnArg.Name)
	}
	return b, sub.node(f)
}

// readParams marks the q offsets that the value v of g reads.
func readParams(g *ir.Graph, v ir.Value) []bool {
	reads := make([]bool, g.Dim)
	seen := make([]bool, len(g.Nodes))
	stack := []ir.Value{v}
	seen[v] = true
	for len(stack) > 0 {
		n := &g.Nodes[stack[len(stack)-1]]
		stack = stack[:len(stack)-1]
		if n.Op == ir.OpParam {
			for j := range n.Shape.Len() {
				reads[n.Aux+j] = true
			}
		}
		for _, a := range n.Args {
			if a != ir.NoValue && !seen[a] {
				seen[a] = true
				stack = append(stack, a)
			}
		}
	}
	return reads
}
