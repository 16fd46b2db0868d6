package reparam

import (
	"fmt"
	"math"
	"slices"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// What the data say about each element of a hierarchical parameter, for
// `--noncentered auto` (the rule that reads it is in reparam_auto.go).
//
// For a site theta ~ normal(mu, tau), each element theta[j] is a group. The
// pass finds the likelihood terms of the model block that use theta, as
//
//	y ~ normal(theta, sigma);                        // y[j] informs theta[j]
//	y ~ normal(theta[g], sigma);                     // y[n] informs theta[g[n]]
//	for (n in 1:N) y[n] ~ normal(theta[g[n]], sigma);
//	for (j in 1:J) y[j] ~ normal(alpha + theta[j], sigma);  // y[j] a vector: K observations of theta[j]
//	vector[N] eta = alpha + theta[g];  y ~ bernoulli_logit(eta);
//	target += normal_lpdf(y | theta[g], sigma);
//
// and runs their loops over the data, so that each observation (one element
// of the term's outcome) is counted for the element of theta it reads. Where
// the term is normal with theta's element, plus at most a constant, as its
// location and the outcome is data, it also keeps each group's weighted mean
// and sum of squares of the outcomes, weight 1/sigma^2 when the scale is data
// and 1 when it is a parameter: enough to estimate how precisely the data
// pin each group down and how far apart the groups are.
//
// theta may reach a term through elementwise arithmetic (+, -, .*, ./, a
// product with a single value, a one-argument elementwise function) and
// through a variable of transformed parameters or of the model block that is
// declared with its value and never assigned again (eta above). Every other
// use of theta (a matrix product X * theta, a loop that assigns it element by
// element, a term inside an if or while) cannot be followed; the result then
// says so (lost) and counts nothing, since a partial count would understate
// what the data say.

// maxObservations bounds the work of following the loops: past it the
// count stops and the site counts as not followed.
const maxObservations = 10_000_000

// groupData is what the likelihood says about each element of theta.
type groupData struct {
	theta  string
	groups int   // elements of theta
	n      []int // observations of each element

	// moments: every observation was data, normal, with theta's element
	// plus a constant as its location, so sw, mean and m2 (the weighted
	// count, mean and sum of squared deviations of each group's outcomes,
	// West 1979) hold. The weights are 1/sigma^2 when dataScale, 1 when
	// paramScale; both set means the terms disagree.
	moments               bool
	sw, mean, m2          []float64
	dataScale, paramScale bool
	scaleName             string // the scale when it is a parameter: "sigma"

	lost string // non-empty: a use of theta that could not be followed, and why
}

// carrier is a variable that carries elements of theta: theta itself, or
// a variable declared as an elementwise expression of it (eta = alpha +
// theta[g]). group[i] is the element of theta that element i carries.
type carrier struct {
	shape []int
	group []int
	exact bool // element i is theta's element plus a constant
}

// gatherer follows the uses of one parameter over the data.
type gatherer struct {
	prog    *lang.Program
	theta   *lang.VarDecl
	prior   *lang.TildeStmt
	env     map[string]*simulate.Value // the data, and the loop variables while a loop runs
	carried map[*lang.VarDecl]*carrier
	inInit  map[*lang.Ident]bool // mentions inside a carrier's declaration
	covered map[*lang.Ident]bool // mentions inside a term that was followed
	shapes  map[*lang.VarDecl][]int
	out     *groupData
	count   int
}

// gather says what data say about each element of the parameter decl of
// the checked program p, whose one prior is prior.
func gather(p *lang.Program, decl *lang.VarDecl, prior *lang.TildeStmt, data *data.Data) *groupData {
	g := &gatherer{prog: p, theta: decl, prior: prior, env: map[string]*simulate.Value{},
		carried: map[*lang.VarDecl]*carrier{}, inInit: map[*lang.Ident]bool{},
		covered: map[*lang.Ident]bool{}, shapes: map[*lang.VarDecl][]int{},
		out: &groupData{theta: decl.Name, moments: true}}
	for name, v := range data.Vars {
		g.env[name] = v
	}
	shape, err := g.shapeOf(decl)
	if err != nil {
		g.out.lost = err.Error()
		return g.out
	}
	size := product(shape)
	c := &carrier{shape: shape, group: make([]int, size), exact: true}
	for i := range c.group {
		c.group[i] = i
	}
	g.carried[decl] = c
	o := g.out
	o.groups, o.n = size, make([]int, size)
	o.sw, o.mean, o.m2 = make([]float64, size), make([]float64, size), make([]float64, size)

	var blocks []*lang.Block
	if p.TransformedParameters != nil {
		blocks = append(blocks, p.TransformedParameters)
	}
	blocks = append(blocks, p.Model)
	for _, b := range blocks {
		for _, s := range b.Stmts {
			if d, ok := s.(*lang.VarDecl); ok {
				g.carrier(d)
			}
		}
	}
	if err := g.stmts(p.Model.Stmts, nil); err != nil {
		o.lost = err.Error()
		return o
	}
	// Every mention of theta, or of a variable that carries it, must be
	// inside a term that was followed: one that was not (theta in a matrix
	// product, an assignment in a loop) informs theta in a way not counted.
	for _, b := range blocks {
		var missed *lang.Ident
		lang.Inspect(b, func(n lang.Node) bool {
			if n == lang.Node(g.prior) || missed != nil {
				return false
			}
			if id, ok := n.(*lang.Ident); ok && g.carried[id.Decl] != nil && !g.covered[id] && !g.inInit[id] {
				missed = id
			}
			return true
		})
		if missed != nil {
			o.lost = fmt.Sprintf("%s is used at %d:%d in a way auto does not follow", missed.Name, missed.Pos.Line, missed.Pos.Col)
			return o
		}
	}
	return o
}

// carrier records d as carrying theta when it is declared, outside any
// loop, as an elementwise expression of a carrier and never assigned again.
func (g *gatherer) carrier(d *lang.VarDecl) {
	if d.Init == nil || !g.mentions(d.Init) || assigned(g.prog, d) {
		return
	}
	m, exact, err := g.mention(d.Init)
	if err != nil || m == nil {
		return
	}
	shape, err := g.shapeOf(d)
	if err != nil {
		return
	}
	groups, err := g.groupsOf(m, product(shape))
	if err != nil {
		return
	}
	g.carried[d] = &carrier{shape: shape, group: groups, exact: exact && g.carried[rootOf(m).Decl].exact}
	lang.Inspect(d.Init, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok {
			g.inInit[id] = true
		}
		return true
	})
}

// assigned reports whether a statement of p assigns d.
func assigned(p *lang.Program, d *lang.VarDecl) bool {
	found := false
	lang.Inspect(p, func(n lang.Node) bool {
		if a, ok := n.(*lang.AssignStmt); ok {
			if r := rootOf(a.LHS); r != nil && r.Decl == d {
				found = true
			}
		}
		return !found
	})
	return found
}

// stmts follows the likelihood terms among ss, inside loops.
func (g *gatherer) stmts(ss []lang.Stmt, loops []*lang.ForStmt) error {
	for _, s := range ss {
		if err := g.stmt(s, loops); err != nil {
			return err
		}
	}
	return nil
}

func (g *gatherer) stmt(s lang.Stmt, loops []*lang.ForStmt) error {
	switch s := s.(type) {
	case *lang.TildeStmt:
		if s == g.prior {
			return nil
		}
		return g.term(s.Pos, s.LHS, s.Dist, s.Args, loops)
	case *lang.TargetStmt:
		if c, ok := s.Value.(*lang.CallExpr); ok && c.Bar && len(c.Args) > 0 {
			return g.term(c.Pos, c.Args[0], familyName(c.Name), c.Args[1:], loops)
		}
	case *lang.ForStmt:
		return g.stmt(s.Body, append(loops[:len(loops):len(loops)], s))
	case *lang.BlockStmt:
		return g.stmts(s.Body.Stmts, loops)
	}
	// Anything else (an if, a while, a foreach, an assignment) is left to the
	// final check: a mention of theta in it is a use not followed.
	return nil
}

// term follows one likelihood term, outcome ~ family(args), over its loops.
func (g *gatherer) term(pos lang.Pos, outcome lang.Expr, family string, args []lang.Expr, loops []*lang.ForStmt) error {
	at := -1
	for i, a := range args {
		if !g.mentions(a) {
			continue
		}
		if at >= 0 {
			return fmt.Errorf("the term at %d:%d uses %s in two arguments", pos.Line, pos.Col, g.theta.Name)
		}
		at = i
	}
	if at < 0 {
		return nil
	}
	m, exact, err := g.mention(args[at])
	if err != nil {
		return err
	}
	c := g.carried[rootOf(m).Decl]
	normal := isGaussian(family) && at == 0 && len(args) == 2
	exact = exact && c.exact && normal
	var scale lang.Expr
	if normal {
		scale = args[1]
		if !dataOnly(scale, loops) {
			g.out.paramScale = true
			if id, ok := scale.(*lang.Ident); ok {
				g.out.scaleName = id.Name
			}
			scale = nil
		} else {
			g.out.dataScale = true
		}
	}
	err = g.iterate(loops, func() error {
		shape, ys, err := g.part(outcome)
		if err != nil {
			return err
		}
		n := product(shape)
		groups, err := g.groupsOf(m, n)
		if err != nil {
			return err
		}
		if g.count += n; g.count > maxObservations {
			return fmt.Errorf("its likelihood has more than %d observations", maxObservations)
		}
		var sigmas []float64
		if exact && ys != nil && scale != nil {
			sigmas = g.values(scale, n)
		}
		for k, j := range groups {
			g.out.n[j]++
			switch {
			case !exact || ys == nil || scale != nil && sigmas == nil:
				g.out.moments = false
			case scale == nil:
				g.out.add(j, ys[k], 1)
			case sigmas[k] > 0 && !math.IsInf(sigmas[k], 0):
				g.out.add(j, ys[k], 1/(sigmas[k]*sigmas[k]))
			default:
				g.out.moments = false
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range args {
		lang.Inspect(a, func(n lang.Node) bool {
			if id, ok := n.(*lang.Ident); ok {
				g.covered[id] = true
			}
			return true
		})
	}
	return nil
}

// add is one observation y of group j with weight w (West 1979, weighted
// incremental mean and sum of squared deviations).
func (o *groupData) add(j int, y, w float64) {
	o.sw[j] += w
	d := y - o.mean[j]
	o.mean[j] += w / o.sw[j] * d
	o.m2[j] += w * d * (y - o.mean[j])
}

// iterate calls f once for each iteration of the loops, outermost first,
// with the loop variables in the environment.
func (g *gatherer) iterate(loops []*lang.ForStmt, f func() error) error {
	if len(loops) == 0 {
		return f()
	}
	l := loops[0]
	lo, err := g.evalInt(l.Lo)
	if err != nil {
		return err
	}
	hi, err := g.evalInt(l.Hi)
	if err != nil {
		return err
	}
	for i := lo; i <= hi; i++ {
		g.env[l.Var] = &simulate.Value{Type: lang.Int, Ints: []int{i}}
		if err := g.iterate(loops[1:], f); err != nil {
			return err
		}
	}
	delete(g.env, l.Var)
	return nil
}

// mention finds the one carrier of theta in e, reached through elementwise
// operations, and reports whether e is that carrier plus a constant. It
// returns nil when e holds none, and an error when e holds one in a way
// that does not map elements of e to elements of the carrier.
func (g *gatherer) mention(e lang.Expr) (lang.Expr, bool, error) {
	if !g.mentions(e) {
		return nil, false, nil
	}
	fail := func() (lang.Expr, bool, error) {
		p := e.Position()
		return nil, false, fmt.Errorf("%s is used at %d:%d in %s, which auto does not follow element by element", g.theta.Name, p.Line, p.Col, lang.ExprString(e))
	}
	switch x := e.(type) {
	case *lang.Ident:
		return x, true, nil
	case *lang.IndexExpr:
		if r := rootOf(x); r != nil && g.carried[r.Decl] != nil && !g.mentionsIndexes(x) {
			return x, true, nil
		}
	case *lang.BinaryExpr:
		inX, inY := g.mentions(x.X), g.mentions(x.Y)
		if inX && inY {
			return fail()
		}
		side, other := x.X, x.Y
		if inY {
			side, other = x.Y, x.X
		}
		m, exact, err := g.mention(side)
		if err != nil {
			return nil, false, err
		}
		switch x.Op {
		case lang.OpAdd:
			return m, exact && constant(other), nil
		case lang.OpSub:
			return m, exact && inX && constant(other), nil
		case lang.OpEltMul, lang.OpEltDiv:
			return m, false, nil
		case lang.OpMul:
			if isScalar(other.TypeOf()) || isScalar(side.TypeOf()) {
				return m, false, nil
			}
		case lang.OpDiv:
			if inX && isScalar(other.TypeOf()) {
				return m, false, nil
			}
		}
	case *lang.UnaryExpr:
		if x.Op == lang.UnaryPlus {
			return g.mention(x.X)
		}
		m, _, err := g.mention(x.X)
		return m, false, err
	case *lang.CallExpr:
		if !x.Bar && len(x.Args) == 1 && x.TypeOf() == x.Args[0].TypeOf() {
			m, _, err := g.mention(x.Args[0])
			return m, false, err
		}
	}
	return fail()
}

// mentions reports whether e uses theta or a variable that carries it.
func (g *gatherer) mentions(e lang.Node) bool {
	found := false
	lang.Inspect(e, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && g.carried[id.Decl] != nil {
			found = true
		}
		return !found
	})
	return found
}

// mentionsIndexes reports whether a carrier appears among the indexes of x.
func (g *gatherer) mentionsIndexes(x *lang.IndexExpr) bool {
	for _, ix := range x.Indices {
		for _, e := range []lang.Expr{ix.Single, ix.Lo, ix.Hi} {
			if e != nil && g.mentions(e) {
				return true
			}
		}
	}
	if inner, ok := x.X.(*lang.IndexExpr); ok {
		return g.mentionsIndexes(inner)
	}
	return false
}

// constant reports whether e is one value for every observation: a single
// value that uses no loop variable and no local variable.
func constant(e lang.Expr) bool {
	return isScalar(e.TypeOf()) && !usesLocal(e)
}

// dataOnly reports whether e uses only data and the variables of loops,
// so that it has a value for each observation before sampling.
func dataOnly(e lang.Expr, loops []*lang.ForStmt) bool {
	ok := true
	lang.Inspect(e, func(n lang.Node) bool {
		if id, isID := n.(*lang.Ident); isID && id.Decl != nil && id.Decl.Block != lang.BlockData {
			ok = id.Decl.Block == lang.BlockLocal && slices.ContainsFunc(loops, func(l *lang.ForStmt) bool { return l.Var == id.Name })
		}
		return ok
	})
	return ok
}

// usesLocal reports whether e uses a variable of the model block or a loop variable.
func usesLocal(e lang.Expr) bool {
	found := false
	lang.Inspect(e, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && id.Decl != nil &&
			(id.Decl.Block == lang.BlockLocal || id.Decl.Block == lang.BlockModel) {
			found = true
		}
		return !found
	})
	return found
}

// groupsOf maps the n elements of a term's outcome to elements of theta
// through the carrier expression m: element k of the outcome reads element
// k of what m selects, or its one element when m selects one.
func (g *gatherer) groupsOf(m lang.Expr, n int) ([]int, error) {
	c := g.carried[rootOf(m).Decl]
	sel, err := g.elements(m, c.shape)
	if err != nil {
		return nil, err
	}
	out := make([]int, n)
	switch len(sel) {
	case n:
		for k, i := range sel {
			out[k] = c.group[i]
		}
	case 1:
		for k := range out {
			out[k] = c.group[sel[0]]
		}
	default:
		p := m.Position()
		return nil, fmt.Errorf("%s at %d:%d selects %d elements for %d observations", lang.ExprString(m), p.Line, p.Col, len(sel), n)
	}
	return out, nil
}

// elements lists, in row-major order, the offsets of the elements of a
// variable of the given shape that e (the variable, whole or indexed by
// single indexes, int arrays or ranges) selects.
func (g *gatherer) elements(e lang.Expr, shape []int) ([]int, error) {
	var idx []lang.Index
	switch x := e.(type) {
	case *lang.IndexExpr:
		root, all := flattenIndex(x)
		if root == nil || len(all) > len(shape) {
			return nil, fmt.Errorf("cannot follow the indexes of %s", lang.ExprString(e))
		}
		// Only the last brackets may select several elements: in
		// theta[g][1], the [1] indexes the selection, not theta's next dimension.
		for _, ix := range all[:len(all)-len(x.Indices)] {
			if ix.Range || ix.Single.TypeOf() != lang.Int {
				return nil, fmt.Errorf("cannot follow the indexes of %s", lang.ExprString(e))
			}
		}
		idx = all
	}
	lists := make([][]int, len(shape))
	for d := range shape {
		var list []int
		switch {
		case d >= len(idx):
			list = intRange(1, shape[d])
		case idx[d].Range:
			lo, hi := 1, shape[d]
			var err error
			if idx[d].Lo != nil {
				if lo, err = g.evalInt(idx[d].Lo); err != nil {
					return nil, err
				}
			}
			if idx[d].Hi != nil {
				if hi, err = g.evalInt(idx[d].Hi); err != nil {
					return nil, err
				}
			}
			list = intRange(lo, hi)
		case idx[d].Single.TypeOf() == lang.Int:
			i, err := g.evalInt(idx[d].Single)
			if err != nil {
				return nil, err
			}
			list = []int{i}
		default:
			s, vals, err := g.part(idx[d].Single)
			if err != nil || vals == nil || len(s) != 1 {
				return nil, fmt.Errorf("cannot follow the index %s: it is not an array of data", lang.ExprString(idx[d].Single))
			}
			for _, v := range vals {
				list = append(list, int(v))
			}
		}
		for _, i := range list {
			if i < 1 || i > shape[d] {
				return nil, fmt.Errorf("index %d of %s is out of range 1..%d", i, lang.ExprString(e), shape[d])
			}
		}
		lists[d] = list
	}
	// Row-major offsets of the product of the lists.
	out := []int{0}
	for d, list := range lists {
		next := make([]int, 0, len(out)*len(list))
		for _, o := range out {
			for _, i := range list {
				next = append(next, o*shape[d]+i-1)
			}
		}
		out = next
	}
	return out, nil
}

// part is the part of a variable that e, the variable or the variable with
// single int indexes, names: its shape and, for data, its values.
func (g *gatherer) part(e lang.Expr) ([]int, []float64, error) {
	root, idx := flattenIndex(e)
	if root == nil || root.Decl == nil {
		return nil, nil, fmt.Errorf("cannot follow %s", lang.ExprString(e))
	}
	var shape []int
	v := g.env[root.Name]
	if root.Decl.Block == lang.BlockData && v != nil {
		shape = v.Shape
	} else {
		var err error
		if shape, err = g.shapeOf(root.Decl); err != nil {
			return nil, nil, err
		}
		v = nil
	}
	if len(idx) > len(shape) {
		return nil, nil, fmt.Errorf("cannot follow the indexes of %s", lang.ExprString(e))
	}
	off := 0
	for d, ix := range idx {
		if ix.Range || ix.Single.TypeOf() != lang.Int {
			return nil, nil, fmt.Errorf("cannot follow the indexes of %s", lang.ExprString(e))
		}
		i, err := g.evalInt(ix.Single)
		if err != nil {
			return nil, nil, err
		}
		if i < 1 || i > shape[d] {
			return nil, nil, fmt.Errorf("index %d of %s is out of range 1..%d", i, lang.ExprString(e), shape[d])
		}
		off = off*shape[d] + i - 1
	}
	rest := shape[len(idx):]
	n := product(rest)
	off *= n
	if v == nil {
		return rest, nil, nil
	}
	vals := make([]float64, n)
	for k := range vals {
		if v.Ints != nil {
			vals[k] = float64(v.Ints[off+k])
		} else {
			vals[k] = v.Reals[off+k]
		}
	}
	return rest, vals, nil
}

// values evaluates a data scale for n observations: one value for all, or
// one each; nil when it cannot.
func (g *gatherer) values(e lang.Expr, n int) []float64 {
	if isScalar(e.TypeOf()) {
		s, err := simulate.EvalScalar(e, g.env)
		if err != nil {
			return nil
		}
		out := make([]float64, n)
		for k := range out {
			out[k] = s.Float()
		}
		return out
	}
	_, vals, err := g.part(e)
	if err != nil || len(vals) != n {
		return nil
	}
	return vals
}

// shapeOf is a variable's sizes, array dimensions first, from the data.
func (g *gatherer) shapeOf(d *lang.VarDecl) ([]int, error) {
	if s, ok := g.shapes[d]; ok {
		return s, nil
	}
	var shape []int
	for _, e := range elementDims(d.Type) {
		if e == nil {
			return nil, fmt.Errorf("the size of %s is not known", d.Name)
		}
		n, err := g.evalInt(e)
		if err != nil {
			return nil, fmt.Errorf("the size of %s cannot be computed from the data: %w", d.Name, err)
		}
		shape = append(shape, n)
	}
	g.shapes[d] = shape
	return shape, nil
}

func (g *gatherer) evalInt(e lang.Expr) (int, error) {
	s, err := simulate.EvalScalar(e, g.env)
	if err != nil {
		return 0, err
	}
	if !s.IsInt {
		return 0, fmt.Errorf("%s is not an int", lang.ExprString(e))
	}
	return s.Int, nil
}

func product(xs []int) int {
	n := 1
	for _, x := range xs {
		n *= x
	}
	return n
}

// intRange is lo, lo+1, ..., hi (empty when hi < lo).
func intRange(lo, hi int) []int {
	var out []int
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}
