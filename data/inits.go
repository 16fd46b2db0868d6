package data

import (
	"bytes"
	"maps"
	"os"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// This file reads initial values: CmdStan's init file, a JSON object of
// constrained parameter values by name (CmdStan User's Guide, "Command-Line
// Interface Overview", init), bound to a model's parameters block as a data
// file is bound to its data block (data.go), with the same messages.
// Unlike data, a parameter may be left out, and the sampler then draws it
// (CmdStan's partial inits); names that are not parameters, such as the
// transformed parameters and generated quantities of a saved draw, are
// ignored and listed; and the declared bounds are left to the compiler,
// which knows them element by element (compiler.Model.InitPoint), so that
// a value on a bound is refused there. A given parameter whose bound
// refers to a parameter left out is an error: its bound is unknown.

// ReadInits reads the init file at path and binds it to p's
// parameters; data holds the data values that the parameters' sizes
// refer to.
func ReadInits(p *lang.Program, data *Data, path string) (*Data, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, lang.ReadError("init file", path, err)
	}
	return LoadInits(p, data, path, src)
}

// LoadInits binds the JSON src, read from file, to p's parameters. The
// result holds the parameters given, in declaration order, and in Ignored
// the names that are not parameters. The error is a *lang.FileError listing
// every problem.
func LoadInits(p *lang.Program, data *Data, file string, src []byte) (*Data, error) {
	decls := paramDecls(p)
	vars := map[string]*simulate.Value{}
	if data != nil {
		maps.Copy(vars, data.Vars)
	}
	l := &loader{prog: p, file: file, size: len(src), readSource: func() ([]byte, error) { return src, nil },
		src: src, data: &Data{Vars: vars}, failed: map[string]bool{}, inits: true}
	l.load(newJSONScanner(bytes.NewReader(src)), decls)
	if len(l.errs) > 0 {
		l.errs.Sort()
		return nil, &lang.FileError{File: file, Src: src, List: l.errs}
	}
	out := &Data{Vars: map[string]*simulate.Value{}, Ignored: l.data.Ignored}
	for _, d := range decls {
		if v, ok := vars[d.Name]; ok {
			out.Vars[d.Name] = v
			out.Order = append(out.Order, d.Name)
		}
	}
	return out, nil
}

// paramDecls returns the declarations of p's parameters block, in order.
func paramDecls(p *lang.Program) []*lang.VarDecl {
	if p == nil || p.Parameters == nil {
		return nil
	}
	var out []*lang.VarDecl
	for _, s := range p.Parameters.Stmts {
		if v, ok := s.(*lang.VarDecl); ok && v.Type != nil {
			out = append(out, v)
		}
	}
	return out
}

// boundOnMissing reports, for an initial value, a parameter left out of
// the file that the declaration's type refers to (a bound <lower=mu>), or "".
func (b *binding) boundOnMissing() string {
	missing := ""
	lang.Inspect(b.decl.Type, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && id.Decl != nil && id.Decl.Block == lang.BlockParameters && b.data.Vars[id.Name] == nil {
			missing = id.Name
		}
		return missing == ""
	})
	return missing
}
