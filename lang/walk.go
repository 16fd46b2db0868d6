package lang

// Inspect walks the tree rooted at n in source order, calling f for every
// node; when f returns false the node's children are skipped. Blocks,
// statements, declared types and expressions are visited; Index values are
// not nodes of their own, their expressions are.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || isNilNode(n) || !f(n) {
		return
	}
	expr := func(e Expr) {
		if e != nil {
			Inspect(e, f)
		}
	}
	stmt := func(s Stmt) {
		if s != nil {
			Inspect(s, f)
		}
	}
	switch x := n.(type) {
	case *Program:
		for _, b := range x.Blocks() {
			if b != nil {
				Inspect(b, f)
			}
		}
	case *Block:
		for _, s := range x.Stmts {
			stmt(s)
		}
	case *VarDecl:
		Inspect(x.Type, f)
		expr(x.Init)
	case *TypeSpec:
		for _, e := range x.ArrayDims {
			expr(e)
		}
		for _, e := range x.Sizes {
			expr(e)
		}
		expr(x.Lower)
		expr(x.Upper)
		expr(x.Offset)
		expr(x.Multiplier)
	case *AssignStmt:
		expr(x.LHS)
		expr(x.RHS)
	case *TildeStmt:
		expr(x.LHS)
		for _, a := range x.Args {
			expr(a)
		}
		expr(x.TruncLo)
		expr(x.TruncHi)
	case *TargetStmt:
		expr(x.Value)
	case *ForStmt:
		expr(x.Lo)
		expr(x.Hi)
		stmt(x.Body)
	case *ForEachStmt:
		expr(x.Collection)
		stmt(x.Body)
	case *WhileStmt:
		expr(x.Cond)
		stmt(x.Body)
	case *IfStmt:
		expr(x.Cond)
		stmt(x.Then)
		stmt(x.Else)
	case *BlockStmt:
		Inspect(x.Body, f)
	case *PrintStmt:
		for _, a := range x.Args {
			expr(a)
		}
	case *FuncDef:
		for _, a := range x.Params {
			Inspect(a.Decl, f)
		}
		if x.Body != nil {
			Inspect(x.Body, f)
		}
	case *ReturnStmt:
		expr(x.Value)
	case *CallStmt:
		Inspect(x.Call, f)
	case *BinaryExpr:
		expr(x.X)
		expr(x.Y)
	case *UnaryExpr:
		expr(x.X)
	case *TransposeExpr:
		expr(x.X)
	case *CondExpr:
		expr(x.Cond)
		expr(x.Then)
		expr(x.Else)
	case *CallExpr:
		for _, a := range x.Args {
			expr(a)
		}
	case *IndexExpr:
		expr(x.X)
		for _, i := range x.Indices {
			expr(i.Single)
			expr(i.Lo)
			expr(i.Hi)
		}
	case *ArrayExpr:
		for _, e := range x.Elems {
			expr(e)
		}
	case *RowVectorExpr:
		for _, e := range x.Elems {
			expr(e)
		}
	}
}

// isNilNode reports a typed nil pointer stored in the interface, which the
// optional parts of the tree (a missing block, an absent else) can be.
func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Program:
		return x == nil
	case *Block:
		return x == nil
	case *TypeSpec:
		return x == nil
	}
	return false
}
