package lang

import "github.com/bayes-dev/bayes/lang/internal/grammar"

// The functions block's conversion from the grammar's tree: each function
// becomes a *FuncDef statement of the block, its arguments declarations
// of block BlockFunctions, so that the checker, the interpreter and the
// compiler resolve and store them as they do every other variable.

func (c *converter) functions(g *grammar.Functions) *Block {
	if g == nil {
		return nil
	}
	b := &Block{Pos: pos(g.Pos), Kind: BlockFunctions}
	c.closes[b] = pos(g.Close.Pos)
	for _, d := range g.Defs {
		b.Stmts = append(b.Stmts, c.funcDef(d))
	}
	return b
}

func (c *converter) funcDef(g *grammar.FuncDef) *FuncDef {
	f := &FuncDef{Pos: pos(g.Pos), Name: g.Name.Name, NamePos: pos(g.Name.Pos)}
	if reserved[f.Name] {
		c.errs.Add(f.NamePos, "%q is a reserved word in Stan and cannot name a function; rename it (for example %s_)", f.Name, f.Name)
	}
	if g.Ret.Void {
		f.Void, f.Ret = true, Invalid
	} else {
		f.Ret = c.utype(g.Ret)
	}
	for _, a := range g.Params {
		if a.Type.Void {
			c.errs.Add(pos(a.Type.Pos), "argument %q cannot be void; void is only a return type", a.Name.Name)
		}
		t := c.utype(a.Type)
		d := &VarDecl{Pos: pos(a.Name.Pos), Name: c.name(a.Name), Block: BlockFunctions, Type: typeSpecOf(pos(a.Type.Pos), t)}
		f.Params = append(f.Params, &FuncParam{Data: a.Data, Decl: d})
	}
	if g.Body != nil {
		f.Body = c.block(g.Body, BlockLocal)
	}
	return f
}

// utype is the type an unsized type names.
func (c *converter) utype(g *grammar.UType) Type {
	if g.Void {
		return Invalid
	}
	if len(g.Array) > 0 && len(g.Old) > 0 {
		c.errs.Add(pos(g.Pos), "a type has array dimensions both before (array[]) and after (%s[]) its base type; use array[] only", g.Base)
	}
	return Type{Kind: unsizedKinds[g.Base], Dims: len(g.Array) + len(g.Old)}
}

var unsizedKinds = map[string]Kind{"int": KindInt, "real": KindReal, "vector": KindVector,
	"row_vector": KindRowVector, "matrix": KindMatrix}
