package reparam

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// The non-centered reparameterisation, a model-level pass on the typed AST.
// A parameter with a location-scale prior,
//
//	theta ~ normal(mu, tau);
//
// becomes a transformed parameter of a standardised one,
//
//	parameters             { ... theta_raw; }
//	transformed parameters { ... theta = mu + tau * theta_raw; }
//	model                  { theta_raw ~ std_normal(); ... }
//
// which has the same posterior for theta but, when the data say little about
// theta, no funnel between theta and tau for NUTS to diverge in
// (Papaspiliopoulos, Roberts & Sköld 2007, "A general framework for the
// parametrization of hierarchical models"; Betancourt & Girolami 2015,
// "Hamiltonian Monte Carlo for hierarchical models"; Stan User's Guide,
// "Reparameterization"). The rewrite is exact for every location-scale
// family: if z has density f(z), then mu + sigma * z has density
// f((theta - mu) / sigma) / sigma, and the 1/sigma is the Jacobian that the
// change of variable from theta to theta_raw cancels. Any other term on theta
// (a likelihood, a second density in target +=) stays correct, written in
// terms of the transformed parameter.
//
// theta keeps its name and its declaration, moved to transformed parameters,
// so that summaries of the rewritten model line up with the centered one.
// Everything else in the program, comments included, stays as it was.
//
// The pass works on the AST alone, never on the IR: its output is a program
// that the printer writes (`bayes reparam`) or that the lowering compiles
// (`bayes sample --noncentered`).

// Options says what NonCenter rewrites.
type Options struct {
	// Vars are the parameters to rewrite, or the single word "auto" for
	// the LocationScaleCandidates entries (with Data, those the data favour
	// non-centered). An entry may hold several comma-separated names, as
	// the --noncentered flag does.
	Vars []string
	// RawSuffix makes the name of each new standardised parameter; "" means
	// "_raw" (theta_raw, the name Stan's manuals use).
	RawSuffix string
	// Data, with auto, decide for each candidate whether the non-centered
	// form suits it (reparam_auto.go); nil rewrites every candidate.
	Data *data.Data
}

// DefaultRawSuffix is the suffix of the standardised parameter's name.
const DefaultRawSuffix = "_raw"

// Note says what NonCenter did with one parameter.
type Note struct {
	Var   string   // the parameter
	Pos   lang.Pos // its prior statement in the input
	Prior string   // that statement as written: "theta ~ normal(mu, tau)"

	// For a rewritten parameter: its standardised parameter, that
	// parameter's prior and theta's definition in transformed parameters.
	Raw        string // "theta_raw"
	RawPrior   string // "theta_raw ~ std_normal()"
	Definition string // "theta = mu + tau * theta_raw", or one element's in a loop

	// Skipped says why auto left the parameter centered; "" when rewritten.
	Skipped string

	// With auto and data: how the observations fall into the parameter's
	// elements ("8 groups, 1 observation each") and, for a rewritten one,
	// why the data favour the non-centered form; "" otherwise.
	Groups, Why string
}

func (n Note) String() string {
	if n.Skipped != "" {
		return fmt.Sprintf("%d:%d: left %s centered: %s", n.Pos.Line, n.Pos.Col, n.Var, n.Skipped)
	}
	why := ""
	if n.Why != "" {
		why = " (" + n.Groups + "; " + n.Why + ")"
	}
	return fmt.Sprintf("%d:%d: non-centered %s%s: %s becomes %s with %s",
		n.Pos.Line, n.Pos.Col, n.Var, why, n.Prior, n.RawPrior, n.Definition)
}

// Candidate is a parameter that NonCenter can rewrite and that sampling is
// likely to need rewritten: its prior is a location-scale family whose
// location or scale depends on a parameter (a hierarchical prior).
type Candidate struct {
	Name  string
	Pos   lang.Pos // the prior statement
	Prior string   // "theta ~ normal(mu, tau)"
	// Scale is the prior's scale when it is a plain parameter ("tau"), else
	// "": log(Scale) against an element of Name is the funnel's picture.
	Scale string
}

// ---------------------------------------------------------------- the families

// family is one family the rewrite applies to: theta ~ F(loc, scale)
// is theta = loc + scale * theta_raw with theta_raw ~ F(0, 1), or for
// lognormal, a location-scale family on the log scale, theta = exp(loc +
// scale * theta_raw) with theta_raw ~ std_normal() (Stan Functions
// Reference, "Unbounded continuous distributions" and "Positive continuous
// distributions").
type family struct {
	name       string
	loc, scale int    // the indexes of the location and scale arguments
	std        string // the family of the standardised prior
	keep       []int  // arguments the standardised prior keeps (a shape, such as degrees of freedom)
	unit       bool   // the standardised prior takes location 0 and scale 1 explicitly
	exp        bool   // theta = exp(...): the family is location-scale on the log scale
	rank       int    // the family's place in messages' lists
}

// families are the families that the rewrite is exact for: those of the
// library with a LocationScale row (normal, student_t, cauchy,
// double_exponential, logistic, gumbel and lognormal), in the order of
// their Rank.
var families = func() []family {
	var out []family
	for _, d := range library.Dists() {
		if ls := d.LocationScale; ls != nil {
			out = append(out, family{name: d.Name, loc: ls.Loc, scale: ls.Scale, std: ls.Std,
				keep: ls.Keep, unit: ls.Unit, exp: ls.Exp, rank: ls.Rank})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	return out
}()

// lookupFamily is the row of a ~ statement's family, or nil.
func lookupFamily(dist string) *family {
	for i := range families {
		if families[i].name == dist {
			return &families[i]
		}
	}
	return nil
}

// isStandard reports whether dist is the standardised prior, location 0
// and scale 1 by definition, of a family the rewrite applies to: std_normal.
func isStandard(dist string) bool {
	for _, f := range families {
		if f.std == dist && !f.unit && f.std != f.name {
			return true
		}
	}
	return false
}

// isGaussian reports whether dist is the location-scale family whose
// standardised prior is the standard normal on the natural scale: normal,
// whose likelihood's information about its location is exactly 1/σ².
func isGaussian(dist string) bool {
	f := lookupFamily(dist)
	return f != nil && !f.exp && !f.unit && isStandard(f.std)
}

// familyList names the families for messages: "normal, student_t, ... and lognormal".
func familyList() string {
	names := make([]string, len(families))
	for i, f := range families {
		names[i] = f.name
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// ---------------------------------------------------------------- entry points

// NonCenter rewrites the checked program p, non-centering each parameter
// that opts names, and reports what it did. p is not modified: the result is
// a deep copy, checked again (so every expression in it is typed). Where the
// rewrite cannot apply to a named parameter, the error is a lang.ErrorList
// with one positioned message per parameter saying why. With "auto", the
// parameters that cannot be rewritten are left centered and their notes say
// why; when there is no candidate at all the result is an unchanged copy and
// no notes. With auto and opts.Data, a candidate that the data inform well
// is left centered too, its note saying so (reparam_auto.go).
func NonCenter(p *lang.Program, opts Options) (*lang.Program, []Note, error) {
	suffix := opts.RawSuffix
	if suffix == "" {
		suffix = DefaultRawSuffix
	}
	if !validSuffix(suffix) {
		return nil, nil, fmt.Errorf("--raw-suffix %q cannot end a variable's name: expected letters, digits and _, not ending in __", suffix)
	}
	names, auto, err := requestedVars(opts.Vars)
	if err != nil {
		return nil, nil, err
	}
	q := CopyProgram(p)
	if err := lang.Check(q); err != nil {
		return nil, nil, fmt.Errorf("non-centering needs a program that type-checks: %w", err)
	}
	if auto {
		names = nil
		for _, t := range priorCandidates(q) {
			names = append(names, t.Name)
		}
	}
	// Every requested name is judged against the program as written, before
	// any rewrite, so that a message never points at code the pass made.
	var errs lang.ErrorList
	if !auto {
		for _, name := range names {
			if _, e := plan(p, name, suffix); e != nil {
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			return nil, nil, errs.Err()
		}
	}
	// auto with data judges every site before any rewrite moves a use of
	// one into transformed parameters.
	choices := map[string]choice{}
	if auto && opts.Data != nil {
		declared := declaredNames(q)
		for _, name := range names {
			d := declared[name].decl
			if sites := priorSites(q.Model, d); len(sites) == 1 {
				choices[name] = choose(gather(q, d, sites[0].stmt, opts.Data))
			}
		}
	}
	var notes []Note
	for _, name := range names {
		r, e := plan(q, name, suffix)
		if e != nil {
			if auto {
				notes = append(notes, Note{Var: name, Pos: e.Pos, Skipped: e.Msg})
				continue
			}
			errs = append(errs, e)
			continue
		}
		choice, chosen := choices[name]
		if chosen && !choice.nonCentered {
			notes = append(notes, Note{Var: name, Pos: r.note.Pos, Prior: r.note.Prior,
				Skipped: choice.groups + "; " + choice.why, Groups: choice.groups})
			continue
		}
		note := r.apply(q)
		note.Groups, note.Why = choice.groups, choice.why
		notes = append(notes, note)
		if err := lang.Check(q); err != nil {
			// An invariant: the rewrite of a checked program checks.
			return nil, nil, fmt.Errorf("internal error: non-centering %q gave a program that does not type-check: %w", name, err)
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs.Err()
	}
	return q, notes, nil
}

// LocationScaleCandidates lists, in declaration order, the parameters of the
// checked program p whose prior is a location-scale family with a location
// or scale that depends on a parameter, and that NonCenter can rewrite: what
// `--noncentered auto` rewrites, and what a divergence warning suggests.
func LocationScaleCandidates(p *lang.Program) []Candidate {
	var out []Candidate
	for _, c := range priorCandidates(p) {
		if _, e := plan(p, c.Name, DefaultRawSuffix); e == nil {
			out = append(out, c)
		}
	}
	return out
}

// requestedVars splits the --noncentered names, dropping repeats.
func requestedVars(vars []string) (names []string, auto bool, err error) {
	seen := map[string]bool{}
	for _, v := range vars {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			names = append(names, name)
		}
	}
	switch {
	case len(names) == 0:
		return nil, false, fmt.Errorf("--noncentered needs parameter names (theta or a,b) or auto; found none")
	case seen["auto"] && len(names) > 1:
		others := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "auto" })
		return nil, false, fmt.Errorf("--noncentered auto chooses the parameters itself; found auto together with %s", strings.Join(others, ","))
	}
	return names, seen["auto"], nil
}

// validSuffix reports whether name+suffix is a valid new name for any name:
// identifier characters, and not ending in __, which Stan reserves.
func validSuffix(s string) bool {
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return !strings.HasSuffix(s, "__")
}

// priorCandidates lists the parameters with a ~ statement of a
// location-scale family whose location or scale uses a parameter or a
// transformed parameter, whether or not the rewrite can apply.
func priorCandidates(p *lang.Program) []Candidate {
	if p.Parameters == nil || p.Model == nil {
		return nil
	}
	var out []Candidate
	for _, s := range p.Parameters.Stmts {
		d, ok := s.(*lang.VarDecl)
		if !ok {
			continue
		}
		for _, site := range priorSites(p.Model, d) {
			f := lookupFamily(site.stmt.Dist)
			if f == nil || len(site.stmt.Args) <= f.scale {
				continue
			}
			if usesParameter(site.stmt.Args[f.loc]) || usesParameter(site.stmt.Args[f.scale]) {
				c := Candidate{Name: d.Name, Pos: site.stmt.Pos, Prior: tildeString(site.stmt)}
				if id, ok := site.stmt.Args[f.scale].(*lang.Ident); ok && id.Decl != nil && id.Decl.Block == lang.BlockParameters {
					c.Scale = id.Name
				}
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// usesParameter reports whether e mentions a parameter or a transformed parameter.
func usesParameter(e lang.Expr) bool {
	found := false
	lang.Inspect(e, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && id.Decl != nil &&
			(id.Decl.Block == lang.BlockParameters || id.Decl.Block == lang.BlockTransformedParameters) {
			found = true
		}
		return !found
	})
	return found
}

// ---------------------------------------------------------------- planning

// rewrite is a planned non-centering of one parameter of a checked program:
// the nodes to replace and the new ones, built without changing the program.
type rewrite struct {
	decl  *lang.VarDecl   // theta's declaration in parameters
	tilde *lang.TildeStmt // its prior
	note  Note

	rawDecl *lang.VarDecl // theta_raw, in theta's place in parameters
	tpStmts []lang.Stmt   // theta's declaration and definition, for transformed parameters
	tpAt    int           // where they go among the statements of transformed parameters
	rawLHS  lang.Expr     // the left side of theta_raw's prior
	rawArgs []lang.Expr   // its arguments
	rawDist string        // its family
}

// planner checks, step by step, that one parameter can be non-centered,
// gathering what the rewrite needs. Each step returns the reason it cannot.
type planner struct {
	p           *lang.Program
	name, raw   string
	names       map[string]declared
	decl        *lang.VarDecl   // theta's declaration
	prior       *lang.TildeStmt // its one ~ statement
	outer       []lang.Stmt     // the statements around the prior
	fam         *family
	loc, scale  lang.Expr
	loops       []*lang.ForStmt // the loops around the prior, outermost first
	dims        []lang.Expr     // theta's sizes, array dimensions first
	deps        map[*lang.VarDecl]bool
	tpAt        int
	priorString string
}

func errorf(pos lang.Pos, format string, args ...any) *lang.Error {
	return &lang.Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// plan checks that the parameter called name of the checked program p
// can be non-centered and builds the new nodes, or says why not.
func plan(p *lang.Program, name, suffix string) (*rewrite, *lang.Error) {
	pl := &planner{p: p, name: name, raw: name + suffix, names: declaredNames(p)}
	for _, step := range []func() *lang.Error{pl.parameter, pl.findPrior, pl.bounds, pl.where, pl.dependencies, pl.newName, pl.placement} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return pl.build()
}

// parameter finds theta's declaration: a parameter of a type the rewrite
// applies to, without an offset or multiplier.
func (pl *planner) parameter() *lang.Error {
	p, name := pl.p, pl.name
	found := pl.names[name]
	d := found.decl
	switch {
	case found.pos == lang.Pos{}:
		pos := lang.Pos{Line: 1, Col: 1}
		if p.Parameters != nil {
			pos = p.Parameters.Pos
		}
		return errorf(pos, "no variable %q in the model; its parameters are %s", name, parameterList(p))
	case d == nil:
		return errorf(found.pos, "%q is a loop variable, not a parameter; only a parameter's prior can be non-centered", name)
	case d.Block == lang.BlockTransformedParameters:
		return errorf(d.Pos, "%q is a transformed parameter, not a parameter (already non-centered?)", name)
	case d.Block != lang.BlockParameters:
		return errorf(d.Pos, "%q is a %s, not a parameter; only a parameter's prior can be non-centered", name, roleOf(d))
	}
	pl.decl = d
	t := d.Type
	switch t.Kind {
	case lang.DeclReal, lang.DeclVector, lang.DeclRowVector, lang.DeclMatrix:
	default:
		return errorf(t.Pos, "%q is declared %s; the rewrite needs a real, vector, row_vector or matrix parameter, or an array of them", name, t.Kind)
	}
	if t.Offset != nil || t.Multiplier != nil {
		pos := t.Pos
		if t.Offset != nil {
			pos = t.Offset.Position()
		} else {
			pos = t.Multiplier.Position()
		}
		return errorf(pos, "%q already has %s, Stan's built-in non-centering (Reference Manual, \"Affinely transformed real\"); remove it to rewrite the model, or keep it and leave the model as it is", name, boundsString(t))
	}
	// A parameter declared after theta may use it in its bounds; a
	// transformed parameter cannot be used there.
	for _, st := range p.Parameters.Stmts {
		if st == lang.Stmt(d) {
			continue
		}
		if use := firstUse(st, d); use != nil {
			return errorf(use.Pos, "%q is used in the declaration of another parameter; as a transformed parameter it could not be", name)
		}
	}
	pl.dims = elementDims(t)
	return nil
}

// findPrior finds theta's one ~ statement, of a location-scale family with
// something to move: not already the standard form.
func (pl *planner) findPrior() *lang.Error {
	name := pl.name
	if pl.p.Model == nil {
		return errorf(pl.decl.Pos, "%q has no prior: the program has no model block", name)
	}
	sites := priorSites(pl.p.Model, pl.decl)
	switch len(sites) {
	case 0:
		if call := densityCall(pl.p.Model, pl.decl); call != nil {
			return errorf(call.Pos, "the prior of %q is written as %s(%s | ...) in target +=; the rewrite needs it as a ~ statement: %s ~ %s(...)",
				name, call.Name, lang.ExprString(call.Args[0]), lang.ExprString(call.Args[0]), familyName(call.Name))
		}
		return errorf(pl.decl.Pos, "%q has no prior: no ~ statement in the model block has it on the left; the rewrite needs one such as %s ~ normal(location, scale)", name, name)
	case 1:
	default:
		return errorf(sites[1].stmt.Pos, "%q is on the left of another ~, at line %d; the rewrite needs one prior statement for it", name, sites[0].stmt.Pos.Line)
	}
	s := sites[0].stmt
	pl.prior, pl.outer, pl.priorString = s, sites[0].outer, tildeString(s)
	pl.fam = lookupFamily(s.Dist)
	if pl.fam == nil {
		if isStandard(s.Dist) {
			return errorf(s.DistPos, "%q is already non-centered: its prior %s has location 0 and scale 1", name, pl.priorString)
		}
		return errorf(s.DistPos, "the prior of %q, %s, is not a location-scale family; the rewrite applies to %s priors", name, pl.priorString, familyList())
	}
	pl.loc, pl.scale = s.Args[pl.fam.loc], s.Args[pl.fam.scale]
	if isLiteral(pl.loc, 0) && isLiteral(pl.scale, 1) {
		return errorf(s.DistPos, "%q is already non-centered: its prior %s has location 0 and scale 1", name, pl.priorString)
	}
	if s.HasTrunc {
		return errorf(s.Pos, "the prior of %q, %s, is truncated; the rewrite would drop the truncation", name, pl.priorString)
	}
	return nil
}

// bounds checks that theta's bounds are its prior's support, so that the
// rewrite cannot break them: none for a family on all reals, none or
// <lower=0> for lognormal. A bound narrower than the support makes the
// prior a truncated one, which is not location-scale.
func (pl *planner) bounds() *lang.Error {
	t, name := pl.decl.Type, pl.name
	if t.Lower == nil && t.Upper == nil {
		return nil
	}
	pos := t.Pos
	if t.Lower != nil {
		pos = t.Lower.Position()
	} else {
		pos = t.Upper.Position()
	}
	if !pl.fam.exp {
		def := (&defBuilder{fam: pl.fam}).value(typed{pl.loc, pl.loc.TypeOf()}, typed{pl.scale, pl.scale.TypeOf()}, &lang.Ident{Name: pl.raw})
		return errorf(pos, "%q is declared with %s, but its prior %s has support on all reals: %s = %s would break the bound; remove the bound or leave %s centered",
			name, boundsString(t), pl.priorString, name, lang.ExprString(def), name)
	}
	if t.Upper != nil || !isLiteral(t.Lower, 0) {
		return errorf(pos, "%q is declared with %s, but %s's support is the positive reals: %s = exp(...) would break the bound; the rewrite needs <lower=0> or no bound",
			name, boundsString(t), pl.fam.name, name)
	}
	return nil
}

// where checks where the prior stands: at the top of the model block, or in
// for loops over all of theta's elements that index it in order.
func (pl *planner) where() *lang.Error {
	name, prior, dims := pl.name, pl.priorString, pl.dims
	for _, o := range pl.outer {
		switch o := o.(type) {
		case *lang.ForStmt:
			pl.loops = append(pl.loops, o)
		case *lang.BlockStmt:
		default:
			return errorf(o.Position(), "the prior of %q is inside %s; the rewrite needs it at the top of the model block or in for loops over %s's elements", name, describeStmt(o), name)
		}
	}
	lhs := pl.prior.LHS
	_, idx := flattenIndex(lhs)
	switch {
	case len(idx) < len(pl.loops):
		l := pl.loops[len(idx)]
		return errorf(lhs.Position(), "the prior %s is inside the loop over %s (line %d) but does not index %q by %s, so it counts once per iteration; the rewrite needs %s",
			prior, l.Var, l.Pos.Line, name, l.Var, onePrior(name, dims))
	case len(idx) > len(pl.loops):
		return errorf(lhs.Position(), "the prior %s is not on all of %q; the rewrite needs %s", prior, name, onePrior(name, dims))
	}
	for i, l := range pl.loops {
		id, ok := idx[i].Single.(*lang.Ident)
		if idx[i].Range || !ok || id.Name != l.Var {
			return errorf(lhs.Position(), "the prior %s does not index %q by the loop variables around it in order (%s); the rewrite needs %s",
				prior, name, loopVarList(pl.loops), onePrior(name, dims))
		}
		if !isLiteral(l.Lo, 1) || lang.ExprString(l.Hi) != lang.ExprString(dims[i]) {
			return errorf(l.Pos, "the loop for (%s in %s:%s) does not cover all of %q; the rewrite needs a prior on every element: for (%s in 1:%s)",
				l.Var, lang.ExprString(l.Lo), lang.ExprString(l.Hi), name, l.Var, lang.ExprString(dims[i]))
		}
	}
	return nil
}

// dependencies checks what the location and scale use, since they move to
// transformed parameters: not theta itself, nor a local variable of the
// model block (the loop variables around the prior move with them). It
// records the transformed parameters they use.
func (pl *planner) dependencies() *lang.Error {
	loopVars := map[string]bool{}
	for _, l := range pl.loops {
		loopVars[l.Var] = true
	}
	pl.deps = map[*lang.VarDecl]bool{}
	var bad *lang.Error
	for _, a := range []struct {
		role string
		e    lang.Expr
	}{{"location", pl.loc}, {"scale", pl.scale}} {
		lang.Inspect(a.e, func(n lang.Node) bool {
			id, ok := n.(*lang.Ident)
			if !ok || id.Decl == nil || bad != nil {
				return bad == nil
			}
			d := id.Decl
			switch {
			case d == pl.decl:
				bad = errorf(id.Pos, "the %s of %q's prior uses %q itself; the rewrite needs a location and scale that do not depend on it", a.role, pl.name, pl.name)
			case d.Block == lang.BlockModel || d.Block == lang.BlockLocal && !loopVars[d.Name]:
				bad = errorf(id.Pos, "the %s of %q's prior uses %q, a local variable of the model block, which transformed parameters cannot see; compute it in transformed parameters", a.role, pl.name, d.Name)
			case d.Block == lang.BlockTransformedParameters:
				pl.deps[d] = true
			}
			return bad == nil
		})
	}
	return bad
}

// newName checks that theta_raw is a new name.
func (pl *planner) newName() *lang.Error {
	if taken := pl.names[pl.raw]; taken.pos != (lang.Pos{}) {
		return errorf(taken.pos, "cannot name the new parameter %q: the name is already declared here; choose another suffix with --raw-suffix", pl.raw)
	}
	return nil
}

// placement chooses where theta's definition goes: before the first
// statement of transformed parameters that uses theta (else at the end),
// which must come after those that compute what its location and scale use.
func (pl *planner) placement() *lang.Error {
	tp := pl.p.TransformedParameters
	if tp == nil {
		return nil
	}
	pl.tpAt = len(tp.Stmts)
	for i, st := range tp.Stmts {
		if firstUse(st, pl.decl) != nil {
			pl.tpAt = i
			break
		}
	}
	for _, st := range tp.Stmts[pl.tpAt:] {
		if definesAny(st, pl.deps) {
			use := firstUse(tp.Stmts[pl.tpAt], pl.decl)
			line := st.Position().Line
			return errorf(use.Pos, "%q is used here, but its prior uses a transformed parameter computed later, at line %d; %s's definition cannot go both before this use and after line %d",
				pl.name, line, pl.name, line)
		}
	}
	return nil
}

// build makes the new nodes: theta_raw's declaration and prior, and theta's
// declaration and definition in transformed parameters.
func (pl *planner) build() (*rewrite, *lang.Error) {
	name, raw, decl, s, f := pl.name, pl.raw, pl.decl, pl.prior, pl.fam
	r := &rewrite{decl: decl, tilde: s, tpAt: pl.tpAt}
	b := &defBuilder{theta: name, raw: raw, fam: f, dims: pl.dims, taken: map[string]bool{raw: true}}
	for n := range pl.names {
		b.taken[n] = true
	}
	e := s.LHS.TypeOf()
	loc, scale := typed{pl.loc, pl.loc.TypeOf()}, typed{pl.scale, pl.scale.TypeOf()}
	tpDecl := &lang.VarDecl{Pos: decl.Pos, Type: astCopyTypeSpec(decl.Type), Name: name, Block: lang.BlockTransformedParameters}
	tpDecl.Comments = append(astCopyStrings(decl.Comments), "// "+pl.priorString+", non-centered by bayes reparam")
	tpDecl.Trailing = decl.Trailing
	r.tpStmts = []lang.Stmt{tpDecl}
	if len(pl.loops) == 0 && compatible(e, loc.t, scale.t) {
		tpDecl.Init = b.value(loc, scale, &lang.Ident{Name: raw})
		r.note.Definition = name + " = " + lang.ExprString(tpDecl.Init)
	} else {
		vars := make([]string, len(pl.loops))
		for i, l := range pl.loops {
			vars[i] = l.Var
		}
		inner, err := b.elements(vars, e, loc, scale)
		if err != nil {
			return nil, err
		}
		for i := len(pl.loops) - 1; i >= 0; i-- {
			l := pl.loops[i]
			inner = forLoop(l.Var, CopyExpr(l.Lo), CopyExpr(l.Hi), inner)
		}
		r.tpStmts = append(r.tpStmts, inner)
		r.note.Definition = b.definition
	}
	rawType := astCopyTypeSpec(decl.Type)
	rawType.Lower, rawType.Upper = nil, nil
	r.rawDecl = &lang.VarDecl{Pos: decl.Pos, Type: rawType, Name: raw, Block: lang.BlockParameters}
	r.rawLHS = CopyExpr(s.LHS)
	rootOf(r.rawLHS).Name = raw
	r.rawDist = f.std
	for _, k := range f.keep {
		r.rawArgs = append(r.rawArgs, CopyExpr(s.Args[k]))
	}
	if f.unit {
		r.rawArgs = append(r.rawArgs, intLit(0), intLit(1))
	}
	r.note.Var, r.note.Pos, r.note.Prior, r.note.Raw = name, s.Pos, pl.priorString, raw
	r.note.RawPrior = tildeString(&lang.TildeStmt{LHS: r.rawLHS, Dist: r.rawDist, Args: r.rawArgs})
	return r, nil
}

// apply makes the planned rewrite in p, the program it was planned on.
func (r *rewrite) apply(p *lang.Program) Note {
	for i, s := range p.Parameters.Stmts {
		if s == r.decl {
			p.Parameters.Stmts[i] = r.rawDecl
		}
	}
	tp := p.TransformedParameters
	if tp == nil {
		tp = &lang.Block{Kind: lang.BlockTransformedParameters}
		p.TransformedParameters = tp
	}
	stmts := append([]lang.Stmt{}, tp.Stmts[:r.tpAt]...)
	stmts = append(stmts, r.tpStmts...)
	tp.Stmts = append(stmts, tp.Stmts[r.tpAt:]...)
	// The prior becomes theta_raw's, where it stands, keeping its comments.
	r.tilde.LHS, r.tilde.Dist, r.tilde.Args, r.tilde.Sig = r.rawLHS, r.rawDist, r.rawArgs, nil
	return r.note
}
