package compiler

import (
	"encoding/binary"
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Repeated iterations of a vectorised loop. When a loop's body sees its
// variable n only through data read at n (doc[n], w[n]), two iterations
// with the same data compute the same thing: ldaK5's word loop has 32 877
// iterations but far fewer distinct (document, word) pairs. The loop is
// then lowered over one iteration of each distinct tuple (the first), and
// its terms are weighted by how many iterations share it, so the log
// density and its gradient cost the distinct tuples, as the unrolled loop
// did by hash-consing its equal nodes. Only bodies that add to the log
// density with `target +=` qualify (no ~, if, call of a density or user
// function, or write outside the body), so that a term is the only thing
// an iteration leaves: the weights apply in one place (weightedTarget).

// laneWeights is the state of a loop lowered over distinct tuples.
type laneWeights struct {
	counts []float64 // iterations per lane
	total  int       // iterations of the loop
}

// dedupReads reports the data reads x[n] through which a loop's body sees
// its variable n, or ok false when the body sees n otherwise or does more
// than add to the log density.
func dedupReads(f *lang.ForStmt) (reads []*lang.Ident, ok bool) {
	isLoopVar := func(e lang.Expr) bool {
		id, isID := e.(*lang.Ident)
		return isID && id.Decl != nil && id.Decl.Pos == f.Pos && id.Decl.Name == f.Var
	}
	isData := func(id *lang.Ident) bool {
		return id.Decl != nil && (id.Decl.Block == lang.BlockData || id.Decl.Block == lang.BlockTransformedData)
	}
	ok = true
	viaData, refs := 0, 0
	seen := map[*lang.VarDecl]bool{}
	local := map[*lang.VarDecl]bool{}
	lang.Inspect(f.Body, func(n lang.Node) bool {
		switch s := n.(type) {
		case *lang.TildeStmt, *lang.IfStmt, *lang.PrintStmt, *lang.CallStmt, *lang.WhileStmt, *lang.ForEachStmt, *lang.BreakStmt:
			ok = false
		case *lang.VarDecl:
			local[s] = true
		case *lang.AssignStmt:
			lhs := s.LHS
			if ix, isIx := lhs.(*lang.IndexExpr); isIx {
				lhs = ix.Flat().X
			}
			if id, isID := lhs.(*lang.Ident); !isID || !local[id.Decl] {
				ok = false
			}
		case *lang.CallExpr:
			if s.Fn != nil || s.FnArg != nil || s.Sig == nil || s.Sig.Dist != nil {
				ok = false
			}
		case *lang.IndexExpr:
			if id, isID := s.X.(*lang.Ident); isID && isData(id) && len(s.Indices) > 0 &&
				!s.Indices[0].Range && isLoopVar(s.Indices[0].Single) {
				viaData++
				if !seen[id.Decl] {
					seen[id.Decl] = true
					reads = append(reads, id)
				}
			}
		case *lang.Ident:
			if isLoopVar(s) {
				refs++
			}
		}
		return ok
	})
	return reads, ok && refs == viaData && len(reads) > 0
}

// distinctIterations groups the iterations lo..hi by the data they read:
// the first iteration of each group, in order, and each group's size. ok
// is false when an index is out of range (the loop lowered as usual
// reports it) or every iteration is distinct.
func (l *lowerer) distinctIterations(reads []*lang.Ident, lo, hi int) (first []float64, counts []float64, ok bool) {
	vals := make([]*val, len(reads))
	for i, id := range reads {
		vals[i] = l.lookup(id)
		if vals[i].known == nil || len(vals[i].dims) == 0 || lo < 1 || hi > vals[i].dims[0] {
			return nil, nil, false
		}
	}
	group := map[string]int{}
	var key []byte
	for n := lo; n <= hi; n++ {
		key = key[:0]
		for _, v := range vals {
			stride := size(v.dims[1:])
			for _, x := range v.known[(n-1)*stride : n*stride] {
				key = binary.LittleEndian.AppendUint64(key, math.Float64bits(x))
			}
		}
		if g, seen := group[string(key)]; seen {
			counts[g]++
			continue
		}
		group[string(key)] = len(first)
		first = append(first, float64(n))
		counts = append(counts, 1)
	}
	return first, counts, len(first) < hi-lo+1
}

// weightedTarget adds the term v of `target += v` in a loop lowered over
// distinct tuples: each lane's value times its number of iterations, a
// value the same in every lane times all the iterations.
func (l *lowerer) weightedTarget(v *val) {
	w := l.weights
	switch {
	case v.lanes == 0:
		s := l.sum(v)
		l.addTarget(l.b.Mul(l.node(s), l.b.Const(float64(w.total))))
	default:
		l.addTarget(l.node(l.sum(l.ewise(l.at, ir.OpMul, 0, v, &val{kind: lang.KindReal, known: w.counts, lanes: len(w.counts)}))))
	}
}
