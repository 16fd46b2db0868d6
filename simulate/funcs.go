package simulate

import (
	"sync"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
	"github.com/bayes-dev/bayes/library"
)

// This file maps each built-in function to its implementation, keyed by
// the row (*lang.Func) the checker resolved each call to: the library's
// functions are their formulas, evaluated (libraryFunc); the distribution
// functions (_lpdf, _cdf, _rng, ...) come from the rows of dists.go; and
// target(), the language's own, reads the log density accumulated so far.

// builtin computes one call from its evaluated arguments; c.Sig is the overload.
type builtin func(m *machine, c *lang.CallExpr, args []*Value) (*Value, error)

// builtins maps each built-in of lang's table to its implementation.
var builtins = buildBuiltins()

func buildBuiltins() map[*lang.Func]builtin {
	m := map[*lang.Func]builtin{}
	add := func(name string, b builtin) {
		f := lang.LookupFunc(name)
		if f == nil {
			panic("simulate: " + name + " is not a built-in of lang") // an invariant, caught by TestTables
		}
		m[f] = b
	}
	add("target", func(m *machine, _ *lang.CallExpr, _ []*Value) (*Value, error) { return realValue(m.target), nil })
	for _, f := range library.Funcs() {
		add(f.Name, libraryFunc(f))
	}
	for _, fam := range families {
		addDistFuncs(m, fam)
	}
	return m
}

// argTensors are the argument lists of libraryFunc's calls, reused: the
// interpreter calls a library function at every call of its formula.
var argTensors = sync.Pool{New: func() any { return new([]library.Tensor) }}

// libraryFunc is a function of the library: its formula, evaluated, or
// its draw (library.Func.Rng). An int result must fit in a Stan int
// (32-bit).
func libraryFunc(f *library.Func) builtin {
	return func(m *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		ts := argTensors.Get().(*[]library.Tensor)
		for _, v := range a {
			*ts = append(*ts, library.Tensor{Dims: v.Shape, X: v.reals()})
		}
		var x library.Tensor
		var err error
		if f.Rng != nil { // a random draw (hmm_latent_rng), from the machine's generator
			x, err = f.Rng(m.rng, *ts)
		} else {
			x, err = f.Eval(c.Sig.Index, *ts)
		}
		clear(*ts)
		*ts = (*ts)[:0]
		argTensors.Put(ts)
		if err != nil {
			return nil, errAt(c, "%v", err)
		}
		if c.T.Kind == lang.KindInt {
			for _, n := range x.X {
				if n > maxStanInt || n < minStanInt {
					return nil, errAt(c, "integer overflow: %.0f does not fit in a Stan int (32-bit)", n)
				}
			}
			return valueOf(c.T, x), nil
		}
		// Eval's result is its own: the value takes its elements
		v := &Value{Type: c.T, Reals: x.X}
		if len(x.Dims) > 0 {
			v.Shape = append([]int(nil), x.Dims...)
		}
		return v, nil
	}
}

// addDistFuncs adds a family's _lpdf/_lpmf, _lupdf/_lupmf, _cdf, _lcdf, _lccdf and _rng.
func addDistFuncs(m map[*lang.Func]builtin, fam *family) {
	d := lang.LookupDist(fam.name)
	density := "_lpdf"
	if d.Outcome == lang.OutcomeInt {
		density = "_lpmf"
	}
	lp := func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		v, err := fam.logDensity(a[0], a[1:])
		if err != nil {
			return nil, errAt(c, "%s: %v", c.Name, err)
		}
		return realValue(v), nil
	}
	m[lang.LookupFunc(d.Name+density)] = lp
	m[lang.LookupFunc(d.Name+"_lu"+density[2:])] = lp // the normalised density is a valid unnormalised one
	// no NAME_rng where Stan has none (normal_id_glm)
	if rng := lang.LookupFunc(d.Name + "_rng"); rng != nil {
		m[rng] = func(mm *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
			v, err := fam.draw(mm.rng, a)
			if err != nil {
				return nil, errAt(c, "%s: %v", c.Name, err)
			}
			return v, nil
		}
	}
	if !d.CDF || fam.multivariate() {
		return
	}
	for suffix, kind := range map[string][2]bool{"_cdf": {false, false}, "_lcdf": {true, false}, "_lccdf": {true, true}} {
		m[lang.LookupFunc(d.Name+suffix)] = func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
			v, err := fam.cumulative(a[0], a[1:], kind[0], kind[1])
			if err != nil {
				return nil, errAt(c, "%s: %v", c.Name, err)
			}
			return realValue(v), nil
		}
	}
}

// tildeLogDensity is the log density a ~ statement adds to target when
// nothing else handles it; truncation is not applied (target is only read by
// target(), which prior predictive sampling and generated quantities do not need).
func (m *machine) tildeLogDensity(s *lang.TildeStmt) (float64, error) {
	y, err := m.eval(s.LHS)
	if err != nil {
		return 0, err
	}
	args := make([]*Value, len(s.Args))
	for i, a := range s.Args {
		if args[i], err = m.eval(a); err != nil {
			return 0, err
		}
	}
	fam := families[lang.LookupDist(s.Dist)]
	if fam == nil {
		return 0, errAt(s, "no distribution %s", s.Dist)
	}
	es := append([]lang.Expr{s.LHS}, s.Args...)
	if msg := sizes.TildeError(s.Sig, sizedAll(es, append([]*Value{y}, args...))); msg != "" {
		return 0, errAt(s, "%s", msg)
	}
	lp, err := fam.logDensity(y, args)
	if err != nil {
		return 0, errAt(s, "%s: %v", s.Dist, err)
	}
	return lp, nil
}
