package printer

import (
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/pretty"
)

// The printer's part for user-defined functions: a definition's header,
// `real f(data real x, array[] vector y) {`, breakable after the commas of
// its arguments, then its body as any braced block; a forward declaration
// ends in `;`.

func (p *printer) funcDef(f *lang.FuncDef) {
	ret := "void"
	if !f.Void {
		ret = f.Ret.String()
	}
	var items []*pretty.Doc
	for i, a := range f.Params {
		if i > 0 {
			items = append(items, pretty.Text(","), pretty.Space())
		}
		t := a.Decl.Type.Type().String()
		if a.Data {
			t = "data " + t
		}
		items = append(items, pretty.Text(t+" "+a.Decl.Name))
	}
	items = append(items, pretty.Text(")"))
	head := pretty.Group(pretty.Text(ret+" "+f.Name+"("), pretty.Group(items...))
	if f.Body == nil {
		p.line(pretty.Group(head, pretty.Text(";")), f.Trailing)
		return
	}
	p.line(pretty.Group(head, pretty.Text(" {")), f.Trailing)
	p.blockBody(f.Body)
	p.line(pretty.Text("}"), f.Body.CloseNote)
}

// funcStmtDoc is the text of return and of a call statement.
func funcStmtDoc(s lang.Stmt) *pretty.Doc {
	switch s := s.(type) {
	case *lang.ReturnStmt:
		if s.Value == nil {
			return pretty.Text("return;")
		}
		return pretty.Group(pretty.Text("return "), lang.ExprDoc(s.Value), pretty.Text(";"))
	case *lang.CallStmt:
		return pretty.Group(lang.ExprDoc(s.Call), pretty.Text(";"))
	}
	return nil
}
