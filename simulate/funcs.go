package simulate

import (
	"math"

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

// unaryReals are the vectorised real functions of one real ("Real-valued
// basic functions"), applied to every element.
var unaryReals = map[string]func(float64) float64{
	"exp": math.Exp, "log": math.Log, "log1p": math.Log1p, "expm1": math.Expm1,
	"sqrt": math.Sqrt, "square": func(x float64) float64 { return x * x },
	"inv": func(x float64) float64 { return 1 / x }, "inv_sqrt": func(x float64) float64 { return 1 / math.Sqrt(x) },
	"fabs": math.Abs, "inv_logit": library.InvLogit,
	"logit":           func(x float64) float64 { return math.Log(x / (1 - x)) },
	"log_inv_logit":   library.LogInvLogit,
	"log1m_inv_logit": library.Log1mInvLogit,
	"log1m":           func(x float64) float64 { return math.Log1p(-x) },
	"log1m_exp":       library.Log1mExp,
	"lgamma":          library.Lgamma, "digamma": library.Digamma,
	"Phi": library.Phi,
	// Phi_approx(x) = inv_logit(0.07056 x^3 + 1.5976 x) (Bowling et al. 2009).
	"Phi_approx": func(x float64) float64 { return library.InvLogit(0.07056*x*x*x + 1.5976*x) },
	"erf":        math.Erf, "erfc": math.Erfc, "sin": math.Sin, "cos": math.Cos, "tan": math.Tan,
	"atan": math.Atan, "tanh": math.Tanh, "floor": math.Floor, "ceil": math.Ceil,
	"round": math.Round, // halves away from zero, as C++ round
}

// Helpers that build table entries.
func real1(f func(float64) float64) builtin {
	return func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) { return realValue(f(a[0].float())), nil }
}

func real2(f func(a, b float64) float64) builtin {
	return func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return realValue(f(a[0].float(), a[1].float())), nil
	}
}

func constant(x float64) builtin {
	return func(*machine, *lang.CallExpr, []*Value) (*Value, error) { return realValue(x), nil }
}

func reduce(f func(xs []float64) float64) builtin {
	return func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) { return realValue(f(a[0].reals())), nil }
}

func vectorOf(t lang.Type, xs []float64) *Value { return realsValue(t, []int{len(xs)}, xs) }

func mapReals(t lang.Type, v *Value, f func(float64) float64) *Value {
	xs := make([]float64, v.Len())
	for i := range xs {
		xs[i] = f(v.at(i))
	}
	return &Value{Type: t, Shape: append([]int(nil), v.Shape...), Reals: xs}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func mean(xs []float64) float64 { return sum(xs) / float64(len(xs)) }

// variance is the sample variance, denominator n - 1, as Stan's variance.
func variance(xs []float64) float64 {
	mu, s := mean(xs), 0.0
	for _, x := range xs {
		s += (x - mu) * (x - mu)
	}
	return s / float64(len(xs)-1)
}

// minMax is min or max: of two scalars (an int when both are) or of a container.
func minMax(better func(a, b float64) bool) builtin {
	return func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		xs := a[0].reals()
		if len(a) == 2 {
			xs = []float64{a[0].float(), a[1].float()}
		}
		if len(xs) == 0 {
			return nil, errAt(c, "%s of an empty container", c.Name)
		}
		best := xs[0]
		for _, x := range xs[1:] {
			if better(x, best) || math.IsNaN(x) {
				best = x
			}
		}
		if c.T.Kind == lang.KindInt {
			return intValue(int(best)), nil
		}
		return realValue(best), nil
	}
}

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

func dense(v *Value) *mat.Dense { return mat.DenseCopyOf(toDense(v)) }

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
	// "Absolute functions": abs of an int is an int.
	"abs": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		if c.T == lang.Int {
			return intValue(max(a[0].Ints[0], -a[0].Ints[0])), nil
		}
		return mapReals(c.T, a[0], math.Abs), nil
	},
	"pow":  real2(math.Pow),
	"fmin": real2(math.Min),
	"fmax": real2(math.Max),
	"fma": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return realValue(math.FMA(a[0].float(), a[1].float(), a[2].float())), nil
	},
	// log_diff_exp(a, b) = a + log1m_exp(b - a).
	"log_diff_exp": real2(func(a, b float64) float64 { return a + unaryReals["log1m_exp"](b-a) }),
	"lbeta":        real2(library.Lbeta),
	"lchoose":      real2(library.Lchoose),
	"step":         real1(func(x float64) float64 { return b2f(x >= 0) }),
	"int_step": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return boolValue(a[0].float() > 0), nil
	},
	"is_inf": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return boolValue(math.IsInf(a[0].float(), 0)), nil
	},
	"is_nan": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return boolValue(math.IsNaN(a[0].float())), nil
	},
	"log_sum_exp": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		if len(a) == 2 {
			return realValue(library.LogSumExp([]float64{a[0].float(), a[1].float()})), nil
		}
		return realValue(library.LogSumExp(a[0].reals())), nil
	},
	// log_mix(theta, lp1, lp2) = log(theta e^lp1 + (1 - theta) e^lp2); log_mix(theta, lps) = log sum theta_k e^lp_k.
	"log_mix": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		if len(a) == 3 {
			t := a[0].float()
			return realValue(library.LogSumExp([]float64{math.Log(t) + a[1].float(), math.Log1p(-t) + a[2].float()})), nil
		}
		th, lp := a[0].reals(), a[1].reals()
		xs := make([]float64, len(th))
		for i := range th {
			xs[i] = math.Log(th[i]) + lp[i]
		}
		return realValue(library.LogSumExp(xs)), nil
	},

	"pi": constant(math.Pi), "e": constant(math.E), "sqrt2": constant(math.Sqrt2),
	"not_a_number": constant(math.NaN()), "positive_infinity": constant(math.Inf(1)),
	"negative_infinity": constant(math.Inf(-1)), "machine_precision": constant(0x1p-52),

	// "Reductions".
	"sum": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		if a[0].isInt() {
			t := int64(0)
			for _, x := range a[0].Ints {
				t += int64(x)
			}
			return checkedInt(c, t)
		}
		return realValue(sum(a[0].reals())), nil
	},
	"prod": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		p := 1.0
		for i := range a[0].Len() {
			p *= a[0].at(i)
		}
		if a[0].isInt() {
			return checkedInt(c, int64(p))
		}
		return realValue(p), nil
	},
	"mean":     reduce(mean),
	"variance": reduce(variance),
	"sd":       reduce(func(xs []float64) float64 { return math.Sqrt(variance(xs)) }),
	"min":      minMax(func(a, b float64) bool { return a < b }),
	"max":      minMax(func(a, b float64) bool { return a > b }),

	// "Dot products and specialized products".
	"dot_product": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		x, y := a[0].reals(), a[1].reals()
		s := 0.0
		for i := range x {
			s += x[i] * y[i]
		}
		return realValue(s), nil
	},
	"dot_self": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		s := 0.0
		for _, x := range a[0].reals() {
			s += x * x
		}
		return realValue(s), nil
	},
	"rows_dot_product":    rowsColsDot(true),
	"columns_dot_product": rowsColsDot(false),
	// quad_form(A, B) = B' A B.
	"quad_form": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		var ab, r mat.Dense
		ab.Mul(toDense(a[0]), toDense(a[1]))
		r.Mul(toDense(a[1]).T(), &ab)
		return fromDense(c.T, &r), nil
	},
	"diag_pre_multiply": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		d, m := a[0].reals(), a[1]
		r := m.toReal().clone()
		for i := range m.rows() {
			for j := range m.cols() {
				r.Reals[i*m.cols()+j] *= d[i]
			}
		}
		return r, nil
	},
	"diag_post_multiply": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		m, d := a[0], a[1].reals()
		r := m.toReal().clone()
		for i := range m.rows() {
			for j := range m.cols() {
				r.Reals[i*m.cols()+j] *= d[j]
			}
		}
		return r, nil
	},
	"multiply_lower_tri_self_transpose": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		l := lowerTri(a[0])
		var r mat.Dense
		r.Mul(l, l.T())
		return fromDense(lang.Matrix, &r), nil
	},

	// "Diagonal matrix functions", "Cumulative sums", "Special matrix functions".
	"diag_matrix": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		d := a[0].reals()
		n := len(d)
		xs := make([]float64, n*n)
		for i, x := range d {
			xs[i*n+i] = x
		}
		return realsValue(lang.Matrix, []int{n, n}, xs), nil
	},
	"diagonal": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		r, c := a[0].rows(), a[0].cols()
		xs := make([]float64, min(r, c))
		for i := range xs {
			xs[i] = a[0].at(i*c + i)
		}
		return vectorOf(lang.Vector, xs), nil
	},
	"cumulative_sum": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		r := a[0].clone()
		for i := 1; i < len(r.Ints); i++ {
			r.Ints[i] += r.Ints[i-1]
		}
		for i := 1; i < len(r.Reals); i++ {
			r.Reals[i] += r.Reals[i-1]
		}
		return r, nil
	},
	"softmax": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		return vectorOf(lang.Vector, library.Softmax(a[0].reals())), nil
	},
	"log_softmax": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		xs := a[0].reals()
		lse := library.LogSumExp(xs)
		return mapReals(lang.Vector, a[0], func(x float64) float64 { return x - lse }), nil
	},

	// "Linear algebra functions and solvers".
	"cholesky_decompose": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		l, err := library.CovCholesky(tensorsOf(a)[0])
		if err != nil {
			return nil, errAt(c, "cholesky_decompose: %v", err)
		}
		return valueOf(lang.Matrix, l), nil
	},
	"mdivide_left_tri_low": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		var x mat.Dense
		if err := x.Solve(lowerTri(a[0]), toDense(a[1])); err != nil {
			return nil, errAt(c, "mdivide_left_tri_low: %v", err)
		}
		return fromDense(c.T, &x), nil
	},
	// b / L = (L' \ b')'.
	"mdivide_right_tri_low": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		var x mat.Dense
		if err := x.Solve(lowerTri(a[1]).T(), toDense(a[0]).T()); err != nil {
			return nil, errAt(c, "mdivide_right_tri_low: %v", err)
		}
		return fromDense(c.T, x.T()), nil
	},
	"log_determinant": func(_ *machine, _ *lang.CallExpr, a []*Value) (*Value, error) {
		ld, _ := mat.LogDet(toDense(a[0]))
		return realValue(ld), nil
	},
	"inverse": func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		var inv mat.Dense
		if err := inv.Inverse(toDense(a[0])); err != nil {
			return nil, errAt(c, "inverse: %v", err)
		}
		return fromDense(lang.Matrix, &inv), nil
	},

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
	for name, f := range unaryReals {
		add(name, func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) { return mapReals(c.T, a[0], f), nil })
	}
	for _, fam := range families {
		addDistFuncs(m, fam)
	}
	return m
}

// libraryFunc is a function of the library: its formula, evaluated.
func libraryFunc(f *library.Func) builtin {
	return func(_ *machine, c *lang.CallExpr, a []*Value) (*Value, error) {
		x, err := f.Eval(c.Sig.Index, tensorsOf(a))
		if err != nil {
			return nil, errAt(c, "%v", err)
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
	if msg := lang.TildeSizeError(s.Sig, sizedAll(es, append([]*Value{y}, args...))); msg != "" {
		return 0, errAt(s, "%s", msg)
	}
	lp, err := fam.logDensity(y, args)
	if err != nil {
		return 0, errAt(s, "%s: %v", s.Dist, err)
	}
	return lp, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
