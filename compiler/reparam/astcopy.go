package reparam

import "github.com/bayes-dev/bayes/lang"

// Deep copies of the typed AST, for the model-level passes: a pass returns
// a new program and leaves the caller's tree as it was. A copy keeps
// positions, comments and the checker's annotations (types, Ident.Decl,
// signatures) as they were; Decl pointers still point into the original
// tree, so a pass that changes the copy runs lang.Check on it again.

// CopyProgram returns a deep copy of p.
func CopyProgram(p *lang.Program) *lang.Program {
	if p == nil {
		return nil
	}
	q := *p
	q.Comments = astCopyStrings(p.Comments)
	q.Functions = astCopyBlock(p.Functions)
	q.Data = astCopyBlock(p.Data)
	q.TransformedData = astCopyBlock(p.TransformedData)
	q.Parameters = astCopyBlock(p.Parameters)
	q.TransformedParameters = astCopyBlock(p.TransformedParameters)
	q.Model = astCopyBlock(p.Model)
	q.GeneratedQuantities = astCopyBlock(p.GeneratedQuantities)
	return &q
}

func astCopyStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

func astCopyBlock(b *lang.Block) *lang.Block {
	if b == nil {
		return nil
	}
	c := *b
	c.Comments = astCopyStrings(b.Comments)
	c.TrailingNotes = astCopyStrings(b.TrailingNotes)
	c.Stmts = make([]lang.Stmt, len(b.Stmts))
	for i, s := range b.Stmts {
		c.Stmts[i] = CopyStmt(s)
	}
	return &c
}

func astCopyNotes(n lang.Notes) lang.Notes {
	return lang.Notes{Comments: astCopyStrings(n.Comments), Trailing: n.Trailing}
}

// CopyStmt returns a deep copy of s; nil stays nil.
func CopyStmt(s lang.Stmt) lang.Stmt {
	switch s := s.(type) {
	case nil:
		return nil
	case *lang.VarDecl:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Type = astCopyTypeSpec(s.Type)
		c.Init = CopyExpr(s.Init)
		return &c
	case *lang.AssignStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.LHS, c.RHS = CopyExpr(s.LHS), CopyExpr(s.RHS)
		return &c
	case *lang.TildeStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.LHS = CopyExpr(s.LHS)
		c.Args = astCopyExprs(s.Args)
		c.TruncLo, c.TruncHi = CopyExpr(s.TruncLo), CopyExpr(s.TruncHi)
		return &c
	case *lang.TargetStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Value = CopyExpr(s.Value)
		return &c
	case *lang.ForStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Lo, c.Hi = CopyExpr(s.Lo), CopyExpr(s.Hi)
		c.Body = CopyStmt(s.Body)
		return &c
	case *lang.ForEachStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Collection = CopyExpr(s.Collection)
		c.Body = CopyStmt(s.Body)
		return &c
	case *lang.WhileStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Cond = CopyExpr(s.Cond)
		c.Body = CopyStmt(s.Body)
		return &c
	case *lang.IfStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Cond = CopyExpr(s.Cond)
		c.Then, c.Else = CopyStmt(s.Then), CopyStmt(s.Else)
		return &c
	case *lang.BlockStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Body = astCopyBlock(s.Body)
		return &c
	case *lang.PrintStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Args = astCopyExprs(s.Args)
		return &c
	case *lang.BreakStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		return &c
	case *lang.EmptyStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		return &c
	case *lang.ReturnStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Value = CopyExpr(s.Value)
		return &c
	case *lang.CallStmt:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Call = CopyExpr(s.Call).(*lang.CallExpr)
		return &c
	case *lang.FuncDef:
		c := *s
		c.Notes = astCopyNotes(s.Notes)
		c.Params = make([]*lang.FuncParam, len(s.Params))
		for i, a := range s.Params {
			d := CopyStmt(a.Decl).(*lang.VarDecl)
			c.Params[i] = &lang.FuncParam{Data: a.Data, Decl: d}
		}
		c.Body = astCopyBlock(s.Body)
		return &c
	}
	panic("CopyStmt: statement type missing from the copier") // an invariant: every Stmt of lang/ast.go is listed
}

func astCopyTypeSpec(t *lang.TypeSpec) *lang.TypeSpec {
	if t == nil {
		return nil
	}
	c := *t
	c.Sizes = astCopyExprs(t.Sizes)
	c.ArrayDims = astCopyExprs(t.ArrayDims)
	c.Lower, c.Upper = CopyExpr(t.Lower), CopyExpr(t.Upper)
	c.Offset, c.Multiplier = CopyExpr(t.Offset), CopyExpr(t.Multiplier)
	return &c
}

func astCopyExprs(es []lang.Expr) []lang.Expr {
	if es == nil {
		return nil
	}
	c := make([]lang.Expr, len(es))
	for i, e := range es {
		c[i] = CopyExpr(e)
	}
	return c
}

// CopyExpr returns a deep copy of e; nil stays nil.
func CopyExpr(e lang.Expr) lang.Expr {
	switch e := e.(type) {
	case nil:
		return nil
	case *lang.IntLit:
		c := *e
		return &c
	case *lang.RealLit:
		c := *e
		return &c
	case *lang.StringLit:
		c := *e
		return &c
	case *lang.Ident:
		c := *e
		return &c
	case *lang.BinaryExpr:
		c := *e
		c.X, c.Y = CopyExpr(e.X), CopyExpr(e.Y)
		return &c
	case *lang.UnaryExpr:
		c := *e
		c.X = CopyExpr(e.X)
		return &c
	case *lang.TransposeExpr:
		c := *e
		c.X = CopyExpr(e.X)
		return &c
	case *lang.CondExpr:
		c := *e
		c.Cond, c.Then, c.Else = CopyExpr(e.Cond), CopyExpr(e.Then), CopyExpr(e.Else)
		return &c
	case *lang.CallExpr:
		c := *e
		c.Args = astCopyExprs(e.Args)
		return &c
	case *lang.IndexExpr:
		c := *e
		c.X = CopyExpr(e.X)
		c.Indices = make([]lang.Index, len(e.Indices))
		for i, ix := range e.Indices {
			c.Indices[i] = lang.Index{Pos: ix.Pos, Range: ix.Range,
				Lo: CopyExpr(ix.Lo), Hi: CopyExpr(ix.Hi), Single: CopyExpr(ix.Single)}
		}
		return &c
	case *lang.ArrayExpr:
		c := *e
		c.Elems = astCopyExprs(e.Elems)
		return &c
	case *lang.RowVectorExpr:
		c := *e
		c.Elems = astCopyExprs(e.Elems)
		return &c
	}
	panic("CopyExpr: expression type missing from the copier") // an invariant: every Expr of lang/ast.go is listed
}
