package librarytest

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// The checks of the multivariate families and the plain functions (run by
// MvDists and Funcs, walk.go): every entry, each piece checked against
// something independent (its package's reference rows). An entry that
// misses a piece fails by name.

// mvDistSignatures checks that each family's pieces fit together: a
// name for every argument, a formula, an rng, size rules that name
// arguments it has, and a reference row.
func mvDistSignatures(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	for _, d := range ds {
		t.Run(d.Name, func(t *testing.T) {
			if d.Lpdf == nil || d.Rng == nil || d.Support == "" || len(d.RngParams) == 0 || d.RngRet.Kind == 0 {
				t.Fatal("a family needs Lpdf, Rng, Support, RngParams and RngRet")
			}
			if d.Discrete != (d.Variate.Class == library.ClassInts || d.Variate.Type.Kind == library.KindInt) {
				t.Errorf("Discrete is %v but the outcome is %+v", d.Discrete, d.Variate)
			}
			for _, p := range append(append([]library.Arg(nil), d.Params...), d.RngParams...) {
				if p.Name == "" {
					t.Errorf("argument %+v has no name", p)
				}
			}
			checkSizeRule(t, d.Sizes, 1+len(d.Params), true)
			checkSizeRule(t, d.RngSizes, len(d.RngParams), false)
			if d.SizedRng && d.RngParams[0].Type != library.TypeInt {
				t.Errorf("SizedRng, but the rng's first argument is %+v", d.RngParams[0])
			}
			if g := d.Generates; g != nil && (g.Type == "" || !strings.Contains(g.Why, d.Name)) {
				t.Errorf("Generates %+v: a type, and a reason that names the family", *g)
			}
			if _, ok := refs[d.Name]; !ok {
				t.Error("no reference row in reference_*_test.go")
			}
		})
	}
}

// checkSizeRule: groups or a reason, not both (need: one of them), and
// sizes of arguments below arity.
func checkSizeRule(t *testing.T, r library.SizeRule, arity int, need bool) {
	t.Helper()
	if len(r.Groups) > 0 && r.Independent != "" || need && len(r.Groups) == 0 && r.Independent == "" {
		t.Errorf("size rule %+v: groups or a reason for independence", r)
	}
	for _, g := range r.Groups {
		if len(g) < 2 {
			t.Errorf("size group %v relates nothing", g)
		}
		for _, s := range g {
			if s.Arg < 0 || s.Arg >= arity {
				t.Errorf("size %v names an argument past the %d", s, arity)
			}
		}
	}
}

// mvCases are five argument sets of each reference row.
func mvCases(ref MvReference, seed uint64) [][]library.Tensor {
	r := rand.New(rand.NewPCG(seed, 17))
	out := make([][]library.Tensor, 5)
	for i := range out {
		out[i] = ref.Cases(r)
	}
	return out
}

// mvDistReference checks each family's log density, as the interpreter
// computes it (argument checks, then the formula), against its reference,
// to 1e-11.
func mvDistReference(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue // mvDistSignatures fails
		}
		t.Run(d.Name, func(t *testing.T) {
			for _, a := range mvCases(ref, 1) {
				got, err := d.LogDensity(a)
				if err != nil {
					t.Fatalf("at %v: %v", a, err)
				}
				if want := ref.Lpdf(a); !CloseTo(got, want, 1e-11) || math.IsNaN(want) {
					t.Errorf("at %v: %.17g, %s %.17g", a, got, ref.Src, want)
				}
			}
		})
	}
}

// mvDistDerivatives checks the derivative of each formula, as forward
// differentiation through its ops gives it (dual.go; the compiler's
// reverse mode differentiates the same ops), against central finite
// differences of its value, Richardson-extrapolated, relative 1e-6, in
// every element of every real argument.
func mvDistDerivatives(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		f := func(o library.Tensors, a []library.Value) library.Value { return d.Lpdf(o, a, false) }
		t.Run(d.Name, func(t *testing.T) {
			for _, a := range mvCases(ref, 2) {
				for i := range a {
					if i == 0 && d.Discrete {
						continue // the outcomes are ints
					}
					for j := range a[i].X {
						got := derivative(f, a, i, j)[0]
						if fd := richardsonT(f, a, i, j)[0]; !CloseTo(got, fd, 1e-6) {
							t.Errorf("at %v: ∂/∂ argument %d element %d = %.12g, finite difference %.12g", a, i, j, got, fd)
						}
					}
				}
			}
		})
	}
}

// richardsonT is the central difference of f's elements in element j of
// argument i, extrapolated as (4 D(h/2) - D(h))/3.
func richardsonT(f func(o library.Tensors, a []library.Value) library.Value, a []library.Tensor, i, j int) []float64 {
	at := func(dx float64) []float64 {
		b := append([]library.Tensor(nil), a...)
		b[i] = library.Tensor{Dims: a[i].Dims, X: append([]float64(nil), a[i].X...)}
		b[i].X[j] += dx
		out, err := library.Run(f, b)
		if err != nil {
			panic(err)
		}
		return out.X
	}
	h := finiteDiffStep * math.Max(1, math.Abs(a[i].X[j]))
	d := func(h float64) []float64 {
		p, m := at(h), at(-h)
		out := make([]float64, len(p))
		for k := range p {
			out[k] = (p[k] - m[k]) / (2 * h)
		}
		return out
	}
	dh, dh2 := d(h), d(h/2)
	for k := range dh {
		dh[k] = (4*dh2[k] - dh[k]) / 3
	}
	return dh
}

// mvDistTerms checks what `~` drops: with every choice of which
// arguments are data (all of them aside: `~` then drops the whole
// density), the density less its propto form is the reference's dropped
// part, written from the Functions Reference.
func mvDistTerms(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			for _, a := range mvCases(ref, 3) {
				for mask := 0; mask < 1<<len(a)-1; mask++ {
					data := make([]bool, len(a))
					for i := range data {
						data[i] = mask&(1<<i) != 0
					}
					e, vs := library.NewEval(a, data)
					full := e.Tensor(d.Lpdf(e, vs, false)).X[0]
					kept := e.Tensor(d.Lpdf(e, vs, true)).X[0]
					if want := ref.Dropped(a, data); !CloseTo(full-kept, want, 1e-10) {
						t.Errorf("data %v at %v: drops %.15g, the reference %.15g", data, a, full-kept, want)
					}
				}
			}
		})
	}
}

// mvDistRng draws 20000 outcomes with each family's rng and checks the
// sample mean and variance of every element against the exact ones, with
// the bounds of distRng: |mean - μ| < 4 √(σ²/n) and |s² - σ²| <
// 4 √((m4 - s⁴)/n).
func mvDistRng(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	const n = 20000
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 1))
			var draws [][]float64
			for range n {
				x, err := d.Rng(r, ref.Rng)
				if err != nil {
					t.Fatal(err)
				}
				draws = append(draws, x.X)
			}
			if len(draws[0]) != len(ref.Mean) || len(ref.Variance) != len(ref.Mean) {
				t.Fatalf("a draw has %d elements, the reference %d means and %d variances", len(draws[0]), len(ref.Mean), len(ref.Variance))
			}
			for k := range ref.Mean {
				xs := make([]float64, n)
				for i, x := range draws {
					xs[i] = x[k]
				}
				s := 0.0
				for _, x := range xs {
					s += x
				}
				m := s / n
				_, s2, m4 := moments(xs)
				if mu, v := ref.Mean[k], ref.Variance[k]; !math.IsNaN(mu) && math.Abs(m-mu) > 4*math.Sqrt(v/n) {
					t.Errorf("element %d: mean %g, want %g within %g", k, m, mu, 4*math.Sqrt(v/n))
				}
				if v := ref.Variance[k]; !math.IsNaN(v) && math.Abs(s2-v) > 4*math.Sqrt((m4-s2*s2)/n) {
					t.Errorf("element %d: variance %g, want %g within %g", k, s2, v, 4*math.Sqrt((m4-s2*s2)/n))
				}
			}
		})
	}
}

// mvDistArgumentChecks: bad arguments give Stan's message, from the
// density (as the interpreter computes it) or the rng.
func mvDistArgumentChecks(t *testing.T, ds []*library.MvDist, refs map[string]MvReference) {
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if len(ref.Bad) == 0 {
				t.Fatal("no bad arguments in the reference row")
			}
			for _, b := range ref.Bad {
				var err error
				if b.Rng {
					_, err = d.Rng(rand.New(rand.NewPCG(1, 1)), b.Args)
				} else {
					_, err = d.LogDensity(b.Args)
				}
				if err == nil || !strings.Contains(err.Error(), b.Want) {
					t.Errorf("rng %v, %v: error %v, want %q", b.Rng, b.Args, err, b.Want)
				}
			}
		})
	}
}

// funcSignatures checks that each function's pieces fit together:
// overloads, a formula, a size rule naming arguments it has, and a
// reference row.
func funcSignatures(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		t.Run(f.Name, func(t *testing.T) {
			if len(f.Overloads) == 0 {
				t.Fatal("a function needs Overloads")
			}
			for i := range f.Overloads {
				if (f.Formula(i) == nil) != (f.Rng != nil) {
					t.Errorf("overload %d: a function needs a formula (Value), a random draw (Rng) none", i)
				}
			}
			if (f.Rng != nil) != (refs[f.Name].Rng != nil) {
				t.Error("a random draw, and only one, needs the reference row's Rng test")
			}
			arity, containers := 0, false
			for _, o := range f.Overloads {
				arity = max(arity, len(o.Params))
				for _, p := range o.Params {
					containers = containers || p.Class != library.ClassExact || p.Type.Dims > 0 || p.Type.Kind >= library.KindVector
				}
			}
			checkSizeRule(t, f.Sizes, arity, containers)
			for i, o := range f.Overloads {
				if o.Sizes != nil {
					checkSizeRule(t, *o.Sizes, len(o.Params), true)
					if len(o.Sizes.Groups) == 0 && o.Sizes.Independent == f.Sizes.Independent {
						t.Errorf("overload %d repeats the function's rule", i)
					}
				}
			}
			if _, ok := refs[f.Name]; !ok {
				t.Error("no reference row in reference_*_test.go")
			}
		})
	}
}

// FuncReference checks each function's value, as the interpreter
// computes it and, where that is not the formula (Interp), as the formula
// does, against its reference, element by element, to 1e-12.
func funcReference(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		ref, ok := refs[f.Name]
		if !ok || f.Rng != nil {
			continue // funcSignatures fails; a draw has its Rng test (funcRng)
		}
		t.Run(f.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, 17))
			for range 10 {
				o, a := ref.Cases(r)
				got, err := f.Eval(o, a)
				if err != nil {
					t.Fatalf("overload %d at %v: %v", o, a, err)
				}
				want := ref.Value(o, a)
				vals := []library.Tensor{got}
				if f.Interp != nil {
					formula, err := library.Run(f.Formula(o), a)
					if err != nil {
						t.Fatalf("the formula, overload %d at %v: %v", o, a, err)
					}
					vals = append(vals, formula)
				}
				for _, got := range vals {
					if !slices.Equal(got.Dims, want.Dims) || len(got.X) != len(want.X) {
						t.Fatalf("at %v: dimensions %v, %s %v", a, got.Dims, ref.Src, want.Dims)
					}
					for k := range got.X {
						if !CloseTo(got.X[k], want.X[k], 1e-12) {
							t.Errorf("at %v: element %d is %.17g, %s %.17g", a, k, got.X[k], ref.Src, want.X[k])
						}
					}
				}
			}
		})
	}
}

// funcDerivatives checks the derivative of every element of each
// function's result in every element of every real argument, by dual
// numbers, against finite differences (as mvDistDerivatives).
func funcDerivatives(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		ref, ok := refs[f.Name]
		if !ok {
			continue
		}
		if f.DataOnly != "" || f.Rng != nil {
			continue // no derivative: the formula refuses parameters (funcDataOnly), or a draw has none
		}
		t.Run(f.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 17))
			for range 5 {
				o, a := ref.Cases(r)
				for i := range a {
					if p := f.Overloads[o].Params[i]; p.Class == library.ClassExact && p.Type.Kind == library.KindInt {
						continue // an int: a size or a count
					}
					for j, x := range a[i].X {
						if math.IsNaN(x) || math.IsInf(x, 0) {
							continue // no derivative at a non-finite point (is_nan's cases)
						}
						got, value, refused := derivativeOrRefusal(f.Formula(o), a, i, j)
						if refused {
							continue // an argument that must be data (inc_beta's shapes)
						}
						fd := richardsonT(f.Formula(o), a, i, j)
						for k := range got {
							if !CloseTo(got[k], fd[k], 1e-6) {
								t.Errorf("at %v: ∂ element %d / ∂ argument %d element %d = %.12g, finite difference %.12g", a, k, i, j, got[k], fd[k])
							}
						}
						// the value where an argument varies (a formula's
						// branch for parameters) is the reference's too
						for k, want := range ref.Value(o, a).X {
							if !CloseTo(value[k], want, 1e-10) {
								t.Errorf("at %v, argument %d varying: element %d is %.17g, %s %.17g", a, i, k, value[k], ref.Src, want)
							}
						}
					}
				}
			}
		})
	}
}

// derivativeOrRefusal is derivativeValue, or refused when the formula
// fails because the varying argument must be data: it refuses a parameter
// there (the compiler reports that failure at the call), having no
// derivative in it.
func derivativeOrRefusal(f func(o library.Tensors, a []library.Value) library.Value, args []library.Tensor, i, j int) (d, x []float64, refused bool) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(dualFail); ok && strings.Contains(e.msg, "must be data") {
				refused = true
				return
			}
			panic(r)
		}
	}()
	d, x = derivativeValue(f, args, i, j)
	return d, x, false
}

// funcArgumentChecks: the bad arguments of each function's row give
// the message its checks promise.
func funcArgumentChecks(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		ref := refs[f.Name]
		if len(ref.Bad) == 0 {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			for _, b := range ref.Bad {
				eval := func() (library.Tensor, error) { return f.Eval(b.Overload, b.Args) }
				if f.Rng != nil {
					eval = func() (library.Tensor, error) { return f.Rng(rand.New(rand.NewPCG(1, 2)), b.Args) }
				}
				if _, err := eval(); err == nil || !strings.Contains(err.Error(), b.Want) {
					t.Errorf("overload %d at %v: error %v, want %q", b.Overload, b.Args, err, b.Want)
				}
			}
		})
	}
}

// funcRng runs the Rng test of each random draw's reference row.
func funcRng(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		if ref := refs[f.Name]; f.Rng != nil && ref.Rng != nil {
			t.Run(f.Name, func(t *testing.T) { ref.Rng(t, f) })
		}
	}
}

// funcDataOnly: a function that takes data only refuses an argument
// that is not, saying why.
func funcDataOnly(t *testing.T, fs []*library.Func, refs map[string]FuncReference) {
	for _, f := range fs {
		if f.DataOnly == "" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			o, a := refs[f.Name].Cases(rand.New(rand.NewPCG(6, 17)))
			e, vs := library.NewEval(a, make([]bool, len(a))) // nothing is data
			err := func() (err error) {
				defer func() {
					if r, ok := recover().(library.EvalFail); ok {
						err = r.Err
					}
				}()
				f.Formula(o)(e, vs)
				return nil
			}()
			if err == nil || !strings.Contains(err.Error(), f.DataOnly) {
				t.Errorf("error %v, want one that says %q", err, f.DataOnly)
			}
		})
	}
}
