package lang

// The checker's calls, distribution arguments and overload resolution, and
// its notes (Lint); the rest of the checker is check.go.

import (
	"fmt"
	"strings"

	"github.com/bayes-dev/bayes/library"
)

// ---------------------------------------------------------------- calls

func (c *checker) call(e *CallExpr) Type {
	if s := LookupOde(e.Name); s != nil && c.funcs[e.Name] == nil {
		return c.odeCall(e, s) // check_ode.go
	}
	if h := LookupHigher(e.Name); h != nil && c.funcs[e.Name] == nil {
		return c.higherCall(e, h) // check_higher.go
	}
	args := c.exprs(e.Args)
	if t, ok := c.userCall(e, args); ok {
		return t
	}
	f := LookupFunc(e.Name)
	if f == nil {
		if d := c.scope.lookup(e.Name); d != nil {
			c.errs.Add(e.Pos, "%q is a %s, not a function", e.Name, c.role(d))
		} else {
			c.errs.Add(e.Pos, "no function %q%s", e.Name, c.suggestCall(e.Name))
		}
		return Invalid
	}
	c.builtinAllowed(e, f)
	first := f.Overloads[0]
	takesBar := first.Dist != nil && first.Suffix != SuffixRng
	switch {
	case e.Bar && !takesBar:
		c.errs.Add(e.Pos, "%s takes no \"|\"; only density and distribution functions (_lpdf, _lpmf, _cdf, ...) separate the outcome with \"|\"", e.Name)
	case !e.Bar && takesBar && len(e.Args) > 1:
		c.errs.Add(e.Args[1].Position(), "%s needs \"|\" after the outcome, as in %s(y | ...); found \",\"", e.Name, e.Name)
	}
	for _, t := range args {
		if t == Invalid {
			return Invalid
		}
	}
	if first.Dist != nil {
		e.Sig = first
		if !c.distArgs(e.Name, first, e.Args, args, e.Pos, false) {
			return Invalid
		}
		return first.result(args)
	}
	s := c.overload(e, f, args)
	if s == nil {
		return Invalid
	}
	if !s.shallow(args) {
		c.errs.Add(e.Pos, "%s: bayes applies a binary function elementwise to two containers of at most %d dimensions (array dimensions and a vector's or matrix's); found %s and %s: loop over the outer array dimensions",
			f.Name, library.MaxAxes, args[0], args[1])
		return Invalid
	}
	e.Sig = s
	return s.result(args)
}

func plural(s blockSet) string {
	if s&(s-1) != 0 {
		return "s"
	}
	return ""
}

// distArgs checks the arguments of a distribution function, or of a ~
// statement (tilde true, where args[0] is the left side and the others are
// numbered from 1). It reports whether they match.
func (c *checker) distArgs(name string, s *Signature, args []Expr, ts []Type, pos Pos, tilde bool) bool {
	params := s.Params
	withOutcome := s.Suffix != SuffixRng
	if len(ts) != len(params) {
		want, found := len(params), len(ts)
		if withOutcome {
			want--
			found--
		}
		names := paramNames(params[len(params)-want:])
		switch {
		case tilde:
			c.errs.Add(pos, "%s: expected %s, found %d", name, countArgs(want, names), found)
		case withOutcome && len(ts) == 0:
			c.errs.Add(pos, "%s: expected an outcome and %s, found no arguments", name, countArgs(want, names))
		case withOutcome:
			c.errs.Add(pos, "%s: expected %s after the outcome, found %d", name, countArgs(want, names), found)
		default:
			c.errs.Add(pos, "%s: expected %s, found %d", name, countArgs(want, names), found)
		}
		return false
	}
	ok := true
	for i, p := range params {
		if ts[i] == Invalid {
			ok = false
			continue
		}
		if m, _ := p.match(ts[i]); m {
			continue
		}
		ok = false
		switch {
		case tilde && i == 0:
			c.errs.Add(args[i].Position(), "%s: the outcome (left of ~) must be %s; found %s", name, p, (ts[i]).String())
		case tilde:
			c.errs.Add(args[i].Position(), "%s: argument %d (%s) must be %s; found %s", name, i, p.Name, p, (ts[i]).String())
		default:
			c.errs.Add(args[i].Position(), "%s: argument %d (%s) must be %s; found %s", name, i+1, p.Name, p, (ts[i]).String())
		}
	}
	return ok
}

func paramNames(ps []Param) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

// countArgs says how many arguments are wanted: "no arguments", "1 argument
// (rate)", "2 arguments (location, scale)".
func countArgs(n int, names []string) string {
	switch n {
	case 0:
		return "no arguments"
	case 1:
		return fmt.Sprintf("1 argument (%s)", names[0])
	}
	return fmt.Sprintf("%d arguments (%s)", n, strings.Join(names, ", "))
}

// overload picks the overload of f that takes args with the fewest int to
// real promotions (the first such, in table order), as Stan resolves calls.
func (c *checker) overload(e *CallExpr, f *Func, args []Type) *Signature {
	var best *Signature
	bestCost := 0
	arities := map[int]bool{}
	for _, s := range f.Overloads {
		arities[len(s.Params)] = true
		if len(s.Params) != len(args) {
			continue
		}
		cost, ok := 0, true
		for i, p := range s.Params {
			m, promoted := p.match(args[i])
			if !m {
				ok = false
				break
			}
			if promoted {
				cost++
			}
		}
		if ok && !s.Pairs(args) {
			ok = false
		}
		if ok && (best == nil || cost < bestCost) {
			best, bestCost = s, cost
		}
	}
	if best != nil {
		return best
	}
	if !arities[len(args)] {
		var counts []string
		for n := 0; len(counts) < len(arities); n++ {
			if arities[n] {
				counts = append(counts, fmt.Sprint(n))
			}
		}
		word := "arguments"
		if len(counts) == 1 && counts[0] == "1" {
			word = "argument"
		}
		if len(counts) == 1 && counts[0] == "0" {
			c.errs.Add(e.Pos, "%s: expected no arguments, found %d", f.Name, len(args))
		} else {
			c.errs.Add(e.Pos, "%s: expected %s %s, found %d", f.Name, joinWith(counts, "or"), word, len(args))
		}
		return nil
	}
	var same []*Signature
	for _, s := range f.Overloads {
		if len(s.Params) == len(args) {
			same = append(same, s)
		}
	}
	if len(same) == 1 {
		for i, p := range same[0].Params {
			if m, _ := p.match(args[i]); !m {
				c.errs.Add(e.Args[i].Position(), "%s: argument %d must be %s; found %s", f.Name, i+1, p, (args[i]).String())
				return nil
			}
		}
	}
	var alts []string
	for _, s := range same {
		if s.Result == ResultBinaryElementwise {
			alts = append(alts, "elementwise, two containers of one type or a scalar and a container")
			continue
		}
		alts = append(alts, paramList(s.Params))
	}
	found := make([]string, len(args))
	for i, t := range args {
		found[i] = t.String()
	}
	c.errs.Add(e.Pos, "%s: no overload takes (%s); expected %s", f.Name, strings.Join(found, ", "), joinWith(alts, "or"))
	return nil
}

// paramList writes a parameter list as "(vector, matrix)".
func paramList(ps []Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// ---------------------------------------------------------------- notes

// Lint returns notes on a checked program that are not errors, positioned as
// errors are so that one printer shows them: for now, each int / int
// division, which rounds toward zero as in C (stanc3 prints the same note).
func Lint(p *Program) ErrorList {
	var notes ErrorList
	Inspect(p, func(n Node) bool {
		if b, ok := n.(*BinaryExpr); ok && b.Op == OpDiv && b.X.TypeOf() == Int && b.Y.TypeOf() == Int {
			notes.Add(b.Pos, "note: %s is int division, which rounds toward zero; multiply a side by 1.0 for real division, or write %%/%% to keep the rounding and silence this note", ExprString(b))
		}
		return true
	})
	notes.Sort()
	return notes
}
