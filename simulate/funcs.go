package simulate

import (
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
	"gonum.org/v1/gonum/mat"
)

// This file is the one table of built-in function implementations, keyed by
// the row of lang/builtins.go (*lang.Func) the checker resolved each call to;
// the library's functions are their formulas, evaluated (libraryFunc).
// Stan Functions Reference (2.36) sections are named in the comments; the
// distribution functions (_lpdf, _cdf, _rng, ...) come from the rows of
// dists.go (the library's, for the univariate families).

// builtin computes one call from its evaluated arguments; c.Sig is the overload.
type builtin func(m *machine, c *lang.CallExpr, args []*Value) (*Value, error)

func vectorOf(t lang.Type, xs []float64) *Value { return realsValue(t, []int{len(xs)}, xs) }

// colMajorReals are a matrix's (or any value's) elements in column-major order.
func colMajorReals(v *Value) []float64 {
	if v.Type.Kind != lang.KindMatrix || v.Type.Dims > 0 {
		return append([]float64(nil), v.reals()...)
	}
	r, c := v.rows(), v.cols()
	xs := v.reals()
	out := make([]float64, 0, len(xs))
	for j := range c {
		for i := range r {
			out = append(out, xs[i*c+j])
		}
	}
	return out
}

// lowerTri is the lower triangle of a square matrix (the size rules of
// lang/sizes.go make it square), as a gonum triangle.
func lowerTri(v *Value) *mat.TriDense {
	n := v.rows()
	t := mat.NewTriDense(n, mat.Lower, nil)
	xs := v.reals()
	for i := range n {
		for j := 0; j <= i; j++ {
			t.SetTri(i, j, xs[i*n+j])
		}
	}
	return t
}

var funcRows = map[string]builtin{

	// "Matrix concatenation", "Array and matrix broadcasting", "Mixed operations".
	"rep_vector": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return vectorOf(lang.Vector, repeat(a[0].float(), a[1].Ints[0])), nil
	},
	"rep_row_vector": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return vectorOf(lang.RowVector, repeat(a[0].float(), a[1].Ints[0])), nil
	},
	"rep_array": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		var dims []int
		for _, d := range a[1:] {
			dims = append(dims, d.Ints[0])
		}
		n := product(dims)
		r := &Value{Type: c.T, Shape: append(dims, a[0].Shape...)}
		for range n {
			if a[0].isInt() {
				r.Ints = append(r.Ints, a[0].Ints...)
			} else {
				r.Reals = append(r.Reals, a[0].Reals...)
			}
		}
		if a[0].isInt() && r.Ints == nil {
			r.Ints = []int{}
		}
		return r, nil
	},
	// to_vector reads a matrix column-major ("Matrix conversion").
	"to_vector": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return vectorOf(lang.Vector, colMajorReals(a[0])), nil
	},

	// "Array size and dimension function", "Matrix size functions".
	"size": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		if a[0].Type.Dims > 0 || len(a[0].Shape) == 1 {
			return intValue(a[0].Shape[0]), nil
		}
		return intValue(a[0].Len()), nil
	},
	"num_elements": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) { return intValue(a[0].Len()), nil },
	"rows":         func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) { return intValue(a[0].rows()), nil },
	"cols":         func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) { return intValue(a[0].cols()), nil },

	"target": func(m *machine, _ *lang.CallExpr, _ []*Value) (*Value, error) { return realValue(m.target), nil },
}

func repeat(x float64, n int) []float64 {
	xs := make([]float64, max(n, 0))
	for i := range xs {
		xs[i] = x
	}
	return xs
}

func rowsColsDot(rows bool) builtin {
	return func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		x, y := a[0], a[1]
		r, k := x.rows(), x.cols()
		var out []float64
		if rows {
			out = make([]float64, r)
		} else {
			out = make([]float64, k)
		}
		for i := range r {
			for j := range k {
				p := x.at(i*k+j) * y.at(i*k+j)
				if rows {
					out[i] += p
				} else {
					out[j] += p
				}
			}
		}
		return vectorOf(c.T, out), nil
	}
}

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
	for name, b := range funcRows {
		add(name, b)
	}
	for _, f := range library.Funcs() {
		add(f.Name, libraryFunc(f))
	}
	for _, fam := range families {
		addDistFuncs(m, fam)
	}
	return m
}

// libraryFunc is a function of the library: its formula, evaluated. An int
// result must fit in a Stan int (32-bit).
func libraryFunc(f *library.Func) builtin {
	return func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		x, err := f.Eval(c.Sig.Index, tensorsOf(a))
		if err != nil {
			return nil, errAt(c, "%v", err)
		}
		if c.T.Kind == lang.KindInt {
			for _, n := range x.X {
				if n > maxStanInt || n < minStanInt {
					return nil, errAt(c, "integer overflow: %.0f does not fit in a Stan int (32-bit)", n)
				}
			}
		}
		return valueOf(c.T, x), nil
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
	m[lang.LookupFunc(d.Name+"_rng")] = func(mm *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		v, err := fam.draw(mm.rng, a)
		if err != nil {
			return nil, errAt(c, "%s: %v", c.Name, err)
		}
		return v, nil
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
	if msg := lang.TildeSizeError(s.Sig, sizedAll(es, append([]*Value{y}, args...))); msg != "" {
		return 0, errAt(s, "%s", msg)
	}
	lp, err := fam.logDensity(y, args)
	if err != nil {
		return 0, errAt(s, "%s: %v", s.Dist, err)
	}
	return lp, nil
}
