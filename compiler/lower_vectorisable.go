package compiler

import "github.com/bayes-dev/bayes/lang"

// Which for loops lowerer.tryVector may lower once over all their
// iterations: a static check of the body, before any lowering.

// vectorisable reports whether the iterations of a for loop are
// independent: every variable declared outside the body that the body
// writes is written only at [i] (i the loop variable) and read only at
// [i], or is a real scalar that the body only accumulates into (`acc +=
// e`, accum) and never reads; locals declared in the body are scalars or
// arrays of reals without an initial value (lane arrays,
// lower_lanearray.go, written element by element); ifs only add to the log
// density; no while, foreach, break or reject.
func vectorisable(f *lang.ForStmt) (bool, map[*lang.VarDecl]bool) {
	isLoopVar := func(e lang.Expr) bool {
		id, ok := e.(*lang.Ident)
		return ok && id.Decl != nil && id.Decl.Pos == f.Pos && id.Decl.Name == f.Var
	}
	slotOf := func(e lang.Expr) (*lang.VarDecl, bool) { // x[i] -> x
		ix, ok := e.(*lang.IndexExpr)
		if !ok || len(ix.Indices) != 1 || ix.Indices[0].Range || !isLoopVar(ix.Indices[0].Single) {
			return nil, false
		}
		id, ok := ix.X.(*lang.Ident)
		if !ok {
			return nil, false
		}
		return id.Decl, true
	}
	local := map[*lang.VarDecl]bool{}
	isLocal := func(ix *lang.IndexExpr) bool {
		id, ok := ix.X.(*lang.Ident)
		return ok && local[id.Decl]
	}
	written := map[*lang.VarDecl]bool{}
	accum := map[*lang.VarDecl]int{} // accumulation statements per variable
	ok := true
	lang.Inspect(f.Body, func(n lang.Node) bool {
		switch s := n.(type) {
		case *lang.VarDecl:
			if (len(s.Type.ArrayDims) > 0 && !laneArrayDecl(s)) || (s.Type.Kind != lang.DeclInt && s.Type.Kind != lang.DeclReal) {
				ok = false
			}
			local[s] = true
		case *lang.IfStmt:
			ok = ok && onlyAdds(s.Then) && onlyAdds(s.Else)
		case *lang.WhileStmt, *lang.BreakStmt, *lang.ForEachStmt:
			ok = false
		case *lang.PrintStmt:
			ok = ok && !s.Reject
		case *lang.AssignStmt:
			var d *lang.VarDecl
			if id, isID := s.LHS.(*lang.Ident); isID {
				d = id.Decl
				switch {
				case local[d]:
				case (s.Op == lang.AddAssign || s.Op == lang.SubAssign) && d.Type != nil &&
					d.Type.Kind == lang.DeclReal && len(d.Type.ArrayDims) == 0:
					accum[d]++
				default:
					ok = false
				}
			} else if ix, isIx := s.LHS.(*lang.IndexExpr); isIx && isLocal(ix.Flat()) {
				// an element of a lane array: lowerer.laneStore
			} else if sd, isSlot := slotOf(s.LHS); isSlot {
				d = sd
				if !local[d] {
					written[d] = true
				}
			} else {
				ok = false
			}
		}
		return ok
	})
	if !ok {
		return false, nil
	}
	// An accumulator appears only as the target of its accumulations.
	refs := map[*lang.VarDecl]int{}
	lang.Inspect(f.Body, func(n lang.Node) bool {
		if id, isID := n.(*lang.Ident); isID && accum[id.Decl] > 0 {
			refs[id.Decl]++
		}
		return true
	})
	acc := map[*lang.VarDecl]bool{}
	for d, n := range accum {
		if refs[d] != n {
			return false, nil
		}
		acc[d] = true
	}
	// Reads of a written variable must be of the same slot.
	lang.Inspect(f.Body, func(n lang.Node) bool {
		if !ok {
			return false
		}
		if ix, isIx := n.(*lang.IndexExpr); isIx {
			if d, isSlot := slotOf(ix); isSlot && written[d] {
				// x[i]: fine; do not descend into the x
				for _, idx := range ix.Indices {
					lang.Inspect(idx.Single, func(m lang.Node) bool {
						if id, isID := m.(*lang.Ident); isID && written[id.Decl] {
							ok = false
						}
						return ok
					})
				}
				return false
			}
		}
		if id, isID := n.(*lang.Ident); isID && written[id.Decl] {
			ok = false
		}
		return ok
	})
	return ok, acc
}

// onlyAdds reports whether s only adds to the log density (target +=, ~,
// and ifs and blocks of them): a branch that laneIf can lower.
func onlyAdds(s lang.Stmt) bool {
	switch s := s.(type) {
	case nil, *lang.TargetStmt, *lang.TildeStmt, *lang.EmptyStmt:
		return true
	case *lang.IfStmt:
		return onlyAdds(s.Then) && onlyAdds(s.Else)
	case *lang.BlockStmt:
		for _, t := range s.Body.Stmts {
			if !onlyAdds(t) {
				return false
			}
		}
		return true
	}
	return false
}
