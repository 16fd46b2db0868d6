package simulate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// This file is prior predictive sampling: ancestral sampling with no MCMC,
// as NumPyro's Predictive draws from a model with no observations (DESIGN.md
// section 8). Each draw runs:
//
//  1. the model block in "draw parameters" mode, as many times as it takes:
//     a `~` whose left side is a parameter (or elements of one) draws it from
//     its prior, truncated to the declared bounds, once the prior's
//     arguments are known; statements that read parameters not drawn yet are
//     skipped until a later pass (so priors may come in any order and
//     depend on each other, e.g. theta ~ normal(mu, tau));
//  2. the transformed parameters block;
//  3. the model block in "simulate" mode: a `~` whose left side is data (or
//     transformed data) draws it from the likelihood, other data held at
//     their values, in program order (so an AR model simulates y[t] from the
//     simulated y[t - 1]).
//
// `target += NAME_lpdf(x | ...)`, alone or plus a constant, counts as `x ~
// NAME(...)`. Transformed data are computed once.

// site is one prior or likelihood statement.
type site struct {
	stmt   lang.Stmt
	lhs    lang.Expr
	root   *lang.VarDecl
	fam    *family
	args   []lang.Expr
	lo, hi lang.Expr // T[lo, hi]; nil when absent
}

func (s *site) line() int { return s.stmt.Position().Line }

// rootDecl is the variable an assignable expression names (to_vector(x)
// and to_array_1d(x) name x), or nil.
func rootDecl(e lang.Expr) *lang.VarDecl {
	switch x := e.(type) {
	case *lang.CallExpr:
		if len(x.Args) == 1 && (x.Name == "to_vector" || x.Name == "to_array_1d") {
			if id, ok := x.Args[0].(*lang.Ident); ok {
				return id.Decl
			}
		}
	case *lang.Ident:
		return x.Decl
	case *lang.IndexExpr:
		if id, ok := x.X.(*lang.Ident); ok {
			return id.Decl
		}
	}
	return nil
}

// findSites collects the model block's sites, by statement.
func findSites(model *lang.Block) map[lang.Stmt]*site {
	out := map[lang.Stmt]*site{}
	if model == nil {
		return out
	}
	lang.Inspect(model, func(n lang.Node) bool {
		switch s := n.(type) {
		case *lang.TildeStmt:
			if s.Sig != nil && s.Sig.Dist != nil {
				out[s] = &site{stmt: s, lhs: s.LHS, root: rootDecl(s.LHS), fam: families[s.Sig.Dist], args: s.Args, lo: s.TruncLo, hi: s.TruncHi}
			}
		case *lang.TargetStmt:
			if c := densityCall(s.Value); c != nil {
				out[s] = &site{stmt: s, lhs: c.Args[0], root: rootDecl(c.Args[0]), fam: families[c.Sig.Dist], args: c.Args[1:]}
			}
		}
		return true
	})
	return out
}

// densityCall is the NAME_lpdf(x | ...) call of `target += NAME_lpdf(x | ...)`
// or `target += NAME_lpdf(x | ...) + c`, c free of variables; else nil.
func densityCall(e lang.Expr) *lang.CallExpr {
	if b, ok := e.(*lang.BinaryExpr); ok && b.Op == lang.OpAdd {
		if c := densityCall(b.X); c != nil && !mentionsVars(b.Y) {
			return c
		}
		if c := densityCall(b.Y); c != nil && !mentionsVars(b.X) {
			return c
		}
		return nil
	}
	c, ok := e.(*lang.CallExpr)
	if !ok || c.Sig == nil || c.Sig.Dist == nil || len(c.Args) == 0 ||
		(c.Sig.Suffix != lang.SuffixLpdf && c.Sig.Suffix != lang.SuffixLupdf) {
		return nil
	}
	return c
}

func mentionsVars(e lang.Expr) bool {
	found := false
	lang.Inspect(e, func(n lang.Node) bool {
		if _, ok := n.(*lang.Ident); ok {
			found = true
		}
		return !found
	})
	return found
}

func mentions(n lang.Node, d *lang.VarDecl) bool {
	found := false
	lang.Inspect(n, func(x lang.Node) bool {
		if id, ok := x.(*lang.Ident); ok && id.Decl == d {
			found = true
		}
		return !found
	})
	return found
}

func topDecls(b *lang.Block) []*lang.VarDecl {
	var out []*lang.VarDecl
	if b == nil {
		return out
	}
	for _, s := range b.Stmts {
		if d, ok := s.(*lang.VarDecl); ok {
			out = append(out, d)
		}
	}
	return out
}

// generative says which families draw a value of a constrained declared
// kind exactly (the library's families say which type they generate);
// kinds not listed take any family.
var generative = func() map[lang.DeclKind]generator {
	m := map[lang.DeclKind]generator{
		lang.DeclUnitVector:             {nil, "bayes cannot draw a unit_vector from a prior"},
		lang.DeclCovMatrix:              {nil, "bayes cannot draw a cov_matrix from a prior (no Wishart family yet)"},
		lang.DeclCholeskyFactorCov:      {nil, "bayes cannot draw a cholesky_factor_cov from a prior"},
		lang.DeclSumToZeroVector:        {nil, "bayes cannot draw a sum_to_zero_vector from a prior yet"},
		lang.DeclSumToZeroMatrix:        {nil, "bayes cannot draw a sum_to_zero_matrix from a prior yet"},
		lang.DeclRowStochasticMatrix:    {nil, "bayes cannot draw a row_stochastic_matrix from a prior yet"},
		lang.DeclColumnStochasticMatrix: {nil, "bayes cannot draw a column_stochastic_matrix from a prior yet"},
	}
	for _, d := range library.MvDists() {
		if g := d.Generates; g != nil {
			k, ok := declKindNamed(g.Type)
			if !ok {
				panic("simulate: " + d.Name + " generates the unknown type " + g.Type) // caught by every test
			}
			m[k] = generator{append(m[k].families, d.Name), g.Why}
		}
	}
	return m
}()

type generator struct {
	families []string
	why      string
}

func declKindNamed(name string) (lang.DeclKind, bool) {
	for _, k := range lang.DeclKinds() {
		if k.String() == name {
			return k, true
		}
	}
	return 0, false
}

// plan checks that every parameter has exactly one generative prior and
// returns the sites and the data variables to simulate.
func plan(p *lang.Program) (map[lang.Stmt]*site, []*lang.VarDecl, error) {
	sites := findSites(p.Model)
	byRoot := map[*lang.VarDecl][]*site{}
	for _, s := range sites {
		if s.root != nil {
			byRoot[s.root] = append(byRoot[s.root], s)
		}
	}
	var problems []string
	for _, d := range topDecls(p.Parameters) {
		ss := byRoot[d]
		sort.Slice(ss, func(i, j int) bool { return ss[i].line() < ss[j].line() })
		switch {
		case len(ss) == 0:
			why := "has no prior statement (~)"
			if p.Model != nil && targetMentions(p.Model, d) {
				why += ", only target += statements that bayes cannot draw from"
			} else if p.Model != nil && userCallMentions(p.Model, d) {
				why += ", only calls of user-defined functions, whose ~ statements bayes cannot draw from"
			}
			problems = append(problems, fmt.Sprintf("parameter %q %s; prior predictive sampling needs a proper prior for every parameter", d.Name, why))
			continue
		case len(ss) > 1 && anyWhole(ss):
			var lines []string
			for _, s := range ss {
				lines = append(lines, fmt.Sprint(s.line()))
			}
			problems = append(problems, fmt.Sprintf("parameter %q has %d prior statements (~), at lines %s; the prior is ambiguous: prior predictive sampling needs exactly one", d.Name, len(ss), strings.Join(lines, " and ")))
			continue
		}
		if g, ok := generative[d.Type.Kind]; ok {
			for _, s := range ss {
				if !contains(g.families, s.fam.name) {
					problems = append(problems, fmt.Sprintf("parameter %q is a %s with the prior %s at line %d, which does not generate one: %s", d.Name, d.Type.Kind, s.fam.name, s.line(), g.why))
				}
			}
		}
		if d.Type.Kind == lang.DeclOrdered || d.Type.Kind == lang.DeclPositiveOrdered {
			for _, s := range ss {
				if s.fam.multivariate() {
					problems = append(problems, fmt.Sprintf("parameter %q is %s with the multivariate prior %s at line %d: bayes draws an ordered vector only from an iid univariate prior (by sorting the draws)", d.Name, d.Type.Kind, s.fam.name, s.line()))
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, nil, errors.New(strings.Join(problems, "\n"))
	}
	var obs []*lang.VarDecl
	for _, d := range append(topDecls(p.Data), topDecls(p.TransformedData)...) {
		if len(byRoot[d]) > 0 {
			obs = append(obs, d)
		}
	}
	return sites, obs, nil
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// anyWhole reports whether a site names a whole variable (not an indexed part).
func anyWhole(ss []*site) bool {
	for _, s := range ss {
		if _, ok := s.lhs.(*lang.IndexExpr); !ok {
			return true
		}
	}
	return false
}

func targetMentions(model *lang.Block, d *lang.VarDecl) bool {
	found := false
	lang.Inspect(model, func(n lang.Node) bool {
		if t, ok := n.(*lang.TargetStmt); ok && mentions(t, d) {
			found = true
		}
		return !found
	})
	return found
}

// prior is the state of one prior predictive run.
type prior struct {
	p      *lang.Program
	m      *machine
	sites  map[lang.Stmt]*site
	obs    []*lang.VarDecl
	params []*lang.VarDecl
	tps    []*lang.VarDecl
	data   map[*lang.VarDecl]*Value // the loaded values of the data to simulate

	drawnBy  map[*lang.VarDecl][]*site // per parameter element, the site that drew it
	tpReady  bool
	progress bool
}

// PriorPredictive draws `draws` times from the prior predictive distribution
// of p with data d: parameters from their priors, transformed parameters
// from them, and every data variable on the left of a `~` from its
// likelihood. The data file is needed for sizes and covariates; the values of
// the simulated variables in it are not used. The stream is
// rand.NewPCG(seed, 0).
func PriorPredictive(p *lang.Program, d map[string]*Value, draws int, seed uint64) (_ *Draws, err error) {
	defer recoverInternal(&err)
	if draws < 1 {
		return nil, fmt.Errorf("the number of draws must be at least 1; found %d", draws)
	}
	sites, obs, err := plan(p)
	if err != nil {
		return nil, err
	}
	m := newMachine(p, rand.New(rand.NewPCG(seed, 0)))
	if err := bindData(m, p, d, obs); err != nil {
		return nil, err
	}
	m.rng = TransformedDataRNG(seed)
	if err := m.runBlock(p.TransformedData); err != nil {
		return nil, fmt.Errorf("transformed data: %w", err)
	}
	m.rng = rand.New(rand.NewPCG(seed, 0))
	r := &prior{p: p, m: m, sites: sites, obs: obs, params: topDecls(p.Parameters), tps: topDecls(p.TransformedParameters),
		data: map[*lang.VarDecl]*Value{}, drawnBy: map[*lang.VarDecl][]*site{}}
	for _, o := range obs {
		r.data[o] = m.get(o).clone()
	}
	out := newDraws(draws)
	for i := range draws {
		if err := r.draw(); err != nil {
			return nil, fmt.Errorf("prior predictive draw %d: %w", i+1, err)
		}
		for _, group := range [][]*lang.VarDecl{r.params, r.tps, r.obs} {
			for _, dcl := range group {
				out.record(dcl, m.get(dcl))
			}
		}
	}
	return out, nil
}

// bindData gives each data variable its value. A variable to be simulated
// (in sim) may be absent from d: it gets its declared shape, filled with NaN.
func bindData(m *machine, p *lang.Program, d map[string]*Value, sim []*lang.VarDecl) error {
	for _, dcl := range topDecls(p.Data) {
		v := d[dcl.Name]
		switch {
		case v != nil:
			m.set(dcl, fromData(v))
		case contains(sim, dcl):
			shape, err := m.declShape(dcl.Type)
			if err != nil {
				return err
			}
			m.set(dcl, newValue(dcl.Type.Type(), shape))
		default:
			return fmt.Errorf("data variable %q has no value", dcl.Name)
		}
	}
	return nil
}

func (r *prior) draw() error {
	m := r.m
	for _, dcl := range r.params {
		shape, err := m.declShape(dcl.Type)
		if err != nil {
			return err
		}
		m.set(dcl, newValue(dcl.Type.Type(), shape))
		r.drawnBy[dcl] = make([]*site, product(shape))
	}
	for _, dcl := range r.tps {
		shape, err := m.declShape(dcl.Type)
		if err != nil {
			return err
		}
		m.set(dcl, newValue(dcl.Type.Type(), shape))
	}
	r.tpReady = false

	// 1. Parameters, pass after pass until a pass draws nothing new.
	m.lenient, m.out = true, nil
	m.read = r.noteRead
	m.tilde = func(s *lang.TildeStmt) error { return r.drawParam(s) }
	m.targetHook = func(s *lang.TargetStmt) error { return r.drawParam(s) }
	for {
		r.progress = false
		if err := m.runBlock(r.p.Model); err != nil {
			return err
		}
		if r.allDrawn() {
			break
		}
		if !r.progress {
			return r.stuck()
		}
	}

	// 2. Transformed parameters.
	m.lenient, m.read = false, nil
	m.tilde, m.targetHook = nil, nil
	if err := m.runBlock(r.p.TransformedParameters); err != nil {
		return fmt.Errorf("transformed parameters: %w", err)
	}
	if err := m.checkBounds(r.p.TransformedParameters); err != nil {
		return fmt.Errorf("transformed parameters: %w", err)
	}
	r.tpReady = true

	// 3. Observations.
	for _, o := range r.obs {
		m.set(o, r.data[o].clone())
	}
	m.tilde = func(s *lang.TildeStmt) error { return r.simulate(s) }
	m.targetHook = func(s *lang.TargetStmt) error { return r.simulate(s) }
	return m.runBlock(r.p.Model)
}

// noteRead counts reads of parameter elements not drawn yet, and of
// transformed parameters before their block has run.
func (r *prior) noteRead(d *lang.VarDecl, off []int) {
	if d.Block == lang.BlockTransformedParameters && !r.tpReady {
		r.m.pending++
		return
	}
	by, ok := r.drawnBy[d]
	if !ok {
		return
	}
	if off == nil {
		off = allOffsets(len(by))
	}
	for _, o := range off {
		if by[o] == nil {
			r.m.pending++
			return
		}
	}
}

func (r *prior) allDrawn() bool {
	for _, by := range r.drawnBy {
		for _, s := range by {
			if s == nil {
				return false
			}
		}
	}
	return true
}

// stuck explains parameters that no pass could draw.
func (r *prior) stuck() error {
	var msgs []string
	for _, d := range r.params {
		for _, s := range r.drawnBy[d] {
			if s == nil {
				msgs = append(msgs, fmt.Sprintf("parameter %q could not be drawn: its prior's arguments or bounds use values that are never drawn before it (a cycle, a transformed parameter, or a prior inside a branch or loop that did not run)", d.Name))
				break
			}
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// evalArgs evaluates a site's arguments.
func (r *prior) evalArgs(s *site) ([]*Value, error) {
	args := make([]*Value, len(s.args))
	for i, a := range s.args {
		v, err := r.m.eval(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return args, nil
}

// bound evaluates an optional bound expression; absent is def.
func (r *prior) bound(e lang.Expr, def float64) (*Value, error) {
	if e == nil {
		return realValue(def), nil
	}
	return r.m.eval(e)
}

// boundAt is a bound's value for element i of the site (offset o of the variable).
func boundAt(b *Value, i, o int) float64 {
	switch {
	case b.isScalar():
		return b.float()
	case i < b.Len() && b.Len() != 0:
		return b.at(o % b.Len())
	}
	return b.float()
}

// drawParam draws the parameter elements a site names, once their prior is known.
func (r *prior) drawParam(stmt lang.Stmt) error {
	s := r.sites[stmt]
	if s == nil || s.root == nil || s.root.Block != lang.BlockParameters {
		return nil
	}
	m := r.m
	before := m.pending
	v, off, err := r.target(s.lhs)
	if err != nil {
		if m.skip(before) {
			return nil
		}
		return err
	}
	by := r.drawnBy[s.root]
	done := 0
	for _, o := range off {
		if by[o] != nil {
			if by[o] != s {
				return errAt(stmt, "parameter %q has two prior statements for the same elements, at lines %d and %d; the prior is ambiguous", s.root.Name, by[o].line(), s.line())
			}
			done++
		}
	}
	if done == len(off) && done > 0 {
		return nil
	}
	args, err := r.evalArgs(s)
	if err != nil {
		if m.skip(before) {
			return nil
		}
		return err
	}
	dt := s.root.Type
	lower, upper := dt.Lower, dt.Upper
	lo, err := r.bound(lower, math.Inf(-1))
	if err != nil {
		return err
	}
	hi, err := r.bound(upper, math.Inf(1))
	if err != nil {
		return err
	}
	tlo, err := r.bound(s.lo, math.Inf(-1))
	if err != nil {
		return err
	}
	thi, err := r.bound(s.hi, math.Inf(1))
	if err != nil {
		return err
	}
	if m.pending > before {
		return nil // the prior uses a value not drawn yet: a later pass draws it
	}
	if dt.Kind == lang.DeclPositiveOrdered {
		lo = realValue(0)
	}
	xs, err := r.sample(s, rngArgs(s.fam, args, v), len(off), func(i int) (float64, float64) {
		return math.Max(boundAt(lo, i, off[i]), boundAt(tlo, i, off[i])), math.Min(boundAt(hi, i, off[i]), boundAt(thi, i, off[i]))
	})
	if err != nil {
		return errAt(stmt, "drawing parameter %q from its prior: %v", s.root.Name, err)
	}
	if dt.Kind == lang.DeclOrdered || dt.Kind == lang.DeclPositiveOrdered {
		if err := sortVectors(s, args, xs, v); err != nil {
			return errAt(stmt, "parameter %q: %v", s.root.Name, err)
		}
	}
	for i, o := range off {
		if math.IsInf(xs[i], 0) || math.IsNaN(xs[i]) {
			return errAt(stmt, "parameter %q drew %g from %s: the prior is improper or its arguments are invalid; prior predictive sampling needs a proper prior", s.root.Name, xs[i], s.fam.name)
		}
		v.Reals[o] = xs[i]
		by[o] = s
	}
	r.progress = true
	return nil
}

// sortVectors sorts each whole vector of an ordered parameter's draws. The
// sorted iid draws have the density of the iid prior restricted to ordered
// vectors (the order statistics), which is the prior Stan's ordered type
// with that ~ statement means; with arguments that differ by element it
// would not be, so those are refused.
func sortVectors(s *site, args []*Value, xs []float64, v *Value) error {
	for _, a := range args {
		if !a.isScalar() {
			return fmt.Errorf("an ordered vector's prior must have scalar arguments (iid), so that sorting iid draws gives it exactly")
		}
	}
	n := v.Shape[len(v.Shape)-1]
	if n == 0 || len(xs)%n != 0 {
		return fmt.Errorf("its prior statement must cover whole ordered vectors")
	}
	for i := 0; i < len(xs); i += n {
		sort.Float64s(xs[i : i+n])
	}
	return nil
}

// sample draws n values for a site: a multivariate family once (or once per
// element for the int outcome of a family over categories), a univariate
// one per element, truncated to bounds(i).
func (r *prior) sample(s *site, args []*Value, n int, bounds func(i int) (float64, float64)) ([]float64, error) {
	rng := r.m.rng
	if s.fam.multivariate() {
		return sampleMulti(rng, s.fam, args, n)
	}
	size, vec, err := broadcastSize(args)
	if err != nil {
		return nil, err
	}
	if vec && size != n {
		return nil, fmt.Errorf("size mismatch: the left side has %d elements, the arguments %d", n, size)
	}
	p := make([]float64, len(args))
	xs := make([]float64, n)
	for i := range n {
		if err := s.fam.paramsAt(p, args, i); err != nil {
			return nil, err
		}
		lo, hi := bounds(i)
		x, err := s.fam.truncated(rng, p, lo, hi)
		if err != nil {
			return nil, err
		}
		xs[i] = x
	}
	return xs, nil
}

// sampleMulti draws n values from a multivariate family: one draw when it
// has n values, else n/k draws of k values each (an array of vectors on the
// left, or the ints of a family over categories), where an argument
// that is an array of n/k elements, or a vectorised location of n/k reals,
// gives each draw its own element.
func sampleMulti(rng *rand.Rand, f *family, args []*Value, n int) ([]float64, error) {
	v, err := f.mvRng(rng, args)
	if err != nil {
		return nil, err
	}
	k := v.Len()
	if k == n {
		return v.reals(), nil
	}
	if k == 0 || n%k != 0 {
		return nil, fmt.Errorf("%s draws %d values, which do not fill the %d of the left side", f.name, k, n)
	}
	reps := n / k
	out := make([]float64, 0, n)
	sliced := make([]*Value, len(args))
	for i := range reps {
		for j, a := range args {
			switch {
			case a.Type.Dims > 0 && a.Shape[0] == reps:
				sliced[j] = a.element(i)
			case j < len(f.dist.Params) && f.dist.Params[j].Class == lang.ClassReals && !a.isScalar() && a.Len() == reps:
				sliced[j] = realValue(a.at(i))
			default:
				sliced[j] = a
			}
		}
		d, err := f.mvRng(rng, sliced)
		if err != nil {
			return nil, err
		}
		out = append(out, d.reals()...)
	}
	return out, nil
}

// rngArgs are the arguments of a site's _rng: its own, with the size that
// the rng of a family of K x K matrices takes and ~ reads from the left
// side (K, of the matrices of v) put first.
func rngArgs(f *family, args []*Value, v *Value) []*Value {
	if f.mv != nil && f.mv.SizedRng && len(f.mv.RngParams) == len(args)+1 && len(v.Shape) > 0 {
		return append([]*Value{intValue(v.Shape[len(v.Shape)-1])}, args...)
	}
	return args
}

// target resolves the left side of a site to its variable and the offsets
// it names, in the order of the side's elements: a variable, indexed or
// not, or to_vector(x) / to_array_1d(x) of a variable (a matrix read
// column-major, as those functions do).
func (r *prior) target(lhs lang.Expr) (*Value, []int, error) {
	if c, ok := lhs.(*lang.CallExpr); ok {
		v := r.m.get(rootDecl(lhs))
		if v == nil {
			return nil, nil, errAt(c, "%s has no value here", lang.ExprString(c.Args[0]))
		}
		if v.Type.Dims == 0 && v.Type.Kind == lang.KindMatrix {
			return v, colMajor(v.Shape), nil
		}
		return v, allOffsets(v.Len()), nil
	}
	_, v, off, _, err := r.m.lvalue(lhs)
	return v, off, err
}

// simulate draws the data a likelihood site names.
func (r *prior) simulate(stmt lang.Stmt) error {
	s := r.sites[stmt]
	if s == nil || s.root == nil || (s.root.Block != lang.BlockData && s.root.Block != lang.BlockTransformedData) {
		return nil
	}
	v, off, err := r.target(s.lhs)
	if err != nil {
		return err
	}
	args, err := r.evalArgs(s)
	if err != nil {
		return err
	}
	tlo, err := r.bound(s.lo, math.Inf(-1))
	if err != nil {
		return err
	}
	thi, err := r.bound(s.hi, math.Inf(1))
	if err != nil {
		return err
	}
	xs, err := r.sample(s, rngArgs(s.fam, args, v), len(off), func(int) (float64, float64) { return tlo.float(), thi.float() })
	if err != nil {
		return errAt(stmt, "simulating %q from %s: %v", s.root.Name, s.fam.name, err)
	}
	for i, o := range off {
		if v.Ints != nil {
			v.Ints[o] = int(xs[i])
		} else {
			v.Reals[o] = xs[i]
		}
	}
	return nil
}
