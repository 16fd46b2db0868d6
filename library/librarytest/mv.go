package library

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The table test of the multivariate families and the plain functions:
// every entry, each piece checked against something independent (the rows
// of reference_mv_test.go). An entry that misses a piece fails by name.

// TestMvDistSignatures checks that each family's pieces fit together: a
// name for every argument, a formula, an rng, size rules that name
// arguments it has, and a reference row.
func TestMvDistSignatures(t *testing.T) {
	for _, d := range MvDists() {
		t.Run(d.Name, func(t *testing.T) {
			if d.Lpdf == nil || d.Rng == nil || d.Support == "" || len(d.RngParams) == 0 || d.RngRet.Kind == 0 {
				t.Fatal("a family needs Lpdf, Rng, Support, RngParams and RngRet")
			}
			if d.Discrete != (d.Variate.Class == ClassInts || d.Variate.Type.Kind == KindInt) {
				t.Errorf("Discrete is %v but the outcome is %+v", d.Discrete, d.Variate)
			}
			for _, p := range append(append([]Arg(nil), d.Params...), d.RngParams...) {
				if p.Name == "" {
					t.Errorf("argument %+v has no name", p)
				}
			}
			checkSizeRule(t, d.Sizes, 1+len(d.Params), true)
			checkSizeRule(t, d.RngSizes, len(d.RngParams), false)
			if d.SizedRng && d.RngParams[0].Type != TypeInt {
				t.Errorf("SizedRng, but the rng's first argument is %+v", d.RngParams[0])
			}
			if g := d.Generates; g != nil && (g.Type == "" || !strings.Contains(g.Why, d.Name)) {
				t.Errorf("Generates %+v: a type, and a reason that names the family", *g)
			}
			if _, ok := mvReferences[d.Name]; !ok {
				t.Error("no reference row in reference_*_test.go")
			}
		})
	}
}

// checkSizeRule: groups or a reason, not both (need: one of them), and
// sizes of arguments below arity.
func checkSizeRule(t *testing.T, r SizeRule, arity int, need bool) {
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
func mvCases(ref mvReference, seed uint64) [][]Tensor {
	r := rand.New(rand.NewPCG(seed, 17))
	out := make([][]Tensor, 5)
	for i := range out {
		out[i] = ref.cases(r)
	}
	return out
}

// TestMvDistReference checks each family's log density, as the interpreter
// computes it (argument checks, then the formula), against its reference,
// to 1e-11.
func TestMvDistReference(t *testing.T) {
	for _, d := range MvDists() {
		ref, ok := mvReferences[d.Name]
		if !ok {
			continue // TestMvDistSignatures fails
		}
		t.Run(d.Name, func(t *testing.T) {
			for _, a := range mvCases(ref, 1) {
				got, err := d.LogDensity(a)
				if err != nil {
					t.Fatalf("at %v: %v", a, err)
				}
				if want := ref.lpdf(a); !closeTo(got, want, 1e-11) || math.IsNaN(want) {
					t.Errorf("at %v: %.17g, %s %.17g", a, got, ref.src, want)
				}
			}
		})
	}
}

// TestMvDistDerivatives checks the derivative of each formula, as forward
// differentiation through its ops gives it (dual_test.go; the compiler's
// reverse mode differentiates the same ops), against central finite
// differences of its value, Richardson-extrapolated, relative 1e-6, in
// every element of every real argument.
func TestMvDistDerivatives(t *testing.T) {
	for _, d := range MvDists() {
		ref, ok := mvReferences[d.Name]
		if !ok {
			continue
		}
		f := func(o Tensors, a []Value) Value { return d.Lpdf(o, a, false) }
		t.Run(d.Name, func(t *testing.T) {
			for _, a := range mvCases(ref, 2) {
				for i := range a {
					if i == 0 && d.Discrete {
						continue // the outcomes are ints
					}
					for j := range a[i].X {
						got := derivative(f, a, i, j)[0]
						if fd := richardsonT(f, a, i, j)[0]; !closeTo(got, fd, 1e-6) {
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
func richardsonT(f func(o Tensors, a []Value) Value, a []Tensor, i, j int) []float64 {
	at := func(dx float64) []float64 {
		b := append([]Tensor(nil), a...)
		b[i] = Tensor{Dims: a[i].Dims, X: append([]float64(nil), a[i].X...)}
		b[i].X[j] += dx
		out, err := run(f, b)
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

// TestMvDistTerms checks what `~` drops: with every choice of which
// arguments are data (all of them aside: `~` then drops the whole
// density), the density less its propto form is the reference's dropped
// part, written from the Functions Reference.
func TestMvDistTerms(t *testing.T) {
	for _, d := range MvDists() {
		ref, ok := mvReferences[d.Name]
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
					e, vs := NewEval(a, data)
					full := e.Tensor(d.Lpdf(e, vs, false)).X[0]
					kept := e.Tensor(d.Lpdf(e, vs, true)).X[0]
					if want := ref.dropped(a, data); !closeTo(full-kept, want, 1e-10) {
						t.Errorf("data %v at %v: drops %.15g, the reference %.15g", data, a, full-kept, want)
					}
				}
			}
		})
	}
}

// TestMvDistRng draws 20000 outcomes with each family's rng and checks the
// sample mean and variance of every element against the exact ones, with
// the bounds of TestDistRng: |mean - μ| < 4 √(σ²/n) and |s² - σ²| <
// 4 √((m4 - s⁴)/n).
func TestMvDistRng(t *testing.T) {
	const n = 20000
	for _, d := range MvDists() {
		ref, ok := mvReferences[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 1))
			var draws [][]float64
			for range n {
				x, err := d.Rng(r, ref.rng)
				if err != nil {
					t.Fatal(err)
				}
				draws = append(draws, x.X)
			}
			if len(draws[0]) != len(ref.mean) || len(ref.variance) != len(ref.mean) {
				t.Fatalf("a draw has %d elements, the reference %d means and %d variances", len(draws[0]), len(ref.mean), len(ref.variance))
			}
			for k := range ref.mean {
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
				if mu, v := ref.mean[k], ref.variance[k]; !math.IsNaN(mu) && math.Abs(m-mu) > 4*math.Sqrt(v/n) {
					t.Errorf("element %d: mean %g, want %g within %g", k, m, mu, 4*math.Sqrt(v/n))
				}
				if v := ref.variance[k]; !math.IsNaN(v) && math.Abs(s2-v) > 4*math.Sqrt((m4-s2*s2)/n) {
					t.Errorf("element %d: variance %g, want %g within %g", k, s2, v, 4*math.Sqrt((m4-s2*s2)/n))
				}
			}
		})
	}
}

// TestMvDistArgumentChecks: bad arguments give Stan's message, from the
// density (as the interpreter computes it) or the rng.
func TestMvDistArgumentChecks(t *testing.T) {
	for _, d := range MvDists() {
		ref, ok := mvReferences[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if len(ref.bad) == 0 {
				t.Fatal("no bad arguments in the reference row")
			}
			for _, b := range ref.bad {
				var err error
				if b.rng {
					_, err = d.Rng(rand.New(rand.NewPCG(1, 1)), b.args)
				} else {
					_, err = d.LogDensity(b.args)
				}
				if err == nil || !strings.Contains(err.Error(), b.want) {
					t.Errorf("rng %v, %v: error %v, want %q", b.rng, b.args, err, b.want)
				}
			}
		})
	}
}

// TestFuncSignatures checks that each function's pieces fit together:
// overloads, a formula, a size rule naming arguments it has, and a
// reference row.
func TestFuncSignatures(t *testing.T) {
	for _, f := range Funcs() {
		t.Run(f.Name, func(t *testing.T) {
			if len(f.Overloads) == 0 {
				t.Fatal("a function needs Overloads")
			}
			for i := range f.Overloads {
				if f.Formula(i) == nil {
					t.Errorf("overload %d has no formula (Value)", i)
				}
			}
			arity, containers := 0, false
			for _, o := range f.Overloads {
				arity = max(arity, len(o.Params))
				for _, p := range o.Params {
					containers = containers || p.Class != ClassExact || p.Type.Dims > 0 || p.Type.Kind >= KindVector
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
			if _, ok := funcReferences[f.Name]; !ok {
				t.Error("no reference row in reference_*_test.go")
			}
		})
	}
}

// TestFuncReference checks each function's value, as the interpreter
// computes it and, where that is not the formula (Interp), as the formula
// does, against its reference, element by element, to 1e-12.
func TestFuncReference(t *testing.T) {
	for _, f := range Funcs() {
		ref, ok := funcReferences[f.Name]
		if !ok {
			continue // TestFuncSignatures fails
		}
		t.Run(f.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, 17))
			for range 10 {
				o, a := ref.cases(r)
				got, err := f.Eval(o, a)
				if err != nil {
					t.Fatalf("overload %d at %v: %v", o, a, err)
				}
				want := ref.value(o, a)
				vals := []Tensor{got}
				if f.Interp != nil {
					formula, err := run(f.Formula(o), a)
					if err != nil {
						t.Fatalf("the formula, overload %d at %v: %v", o, a, err)
					}
					vals = append(vals, formula)
				}
				for _, got := range vals {
					if !slices.Equal(got.Dims, want.Dims) || len(got.X) != len(want.X) {
						t.Fatalf("at %v: dimensions %v, %s %v", a, got.Dims, ref.src, want.Dims)
					}
					for k := range got.X {
						if !closeTo(got.X[k], want.X[k], 1e-12) {
							t.Errorf("at %v: element %d is %.17g, %s %.17g", a, k, got.X[k], ref.src, want.X[k])
						}
					}
				}
			}
		})
	}
}

// TestFuncDerivatives checks the derivative of every element of each
// function's result in every element of every real argument, by dual
// numbers, against finite differences (as TestMvDistDerivatives).
func TestFuncDerivatives(t *testing.T) {
	for _, f := range Funcs() {
		ref, ok := funcReferences[f.Name]
		if !ok {
			continue
		}
		if f.DataOnly != "" {
			continue // no derivative: the formula refuses parameters (TestFuncDataOnly)
		}
		t.Run(f.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 17))
			for range 5 {
				o, a := ref.cases(r)
				for i := range a {
					if p := f.Overloads[o].Params[i]; p.Class == ClassExact && p.Type.Kind == KindInt {
						continue // an int: a size or a count
					}
					for j, x := range a[i].X {
						if math.IsNaN(x) || math.IsInf(x, 0) {
							continue // no derivative at a non-finite point (is_nan's cases)
						}
						got, value := derivativeValue(f.Formula(o), a, i, j)
						fd := richardsonT(f.Formula(o), a, i, j)
						for k := range got {
							if !closeTo(got[k], fd[k], 1e-6) {
								t.Errorf("at %v: ∂ element %d / ∂ argument %d element %d = %.12g, finite difference %.12g", a, k, i, j, got[k], fd[k])
							}
						}
						// the value where an argument varies (a formula's
						// branch for parameters) is the reference's too
						for k, want := range ref.value(o, a).X {
							if !closeTo(value[k], want, 1e-10) {
								t.Errorf("at %v, argument %d varying: element %d is %.17g, %s %.17g", a, i, k, value[k], ref.src, want)
							}
						}
					}
				}
			}
		})
	}
}

// TestFuncArgumentChecks: the bad arguments of each function's row give
// the message its checks promise.
func TestFuncArgumentChecks(t *testing.T) {
	for _, f := range Funcs() {
		ref := funcReferences[f.Name]
		if len(ref.bad) == 0 {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			for _, b := range ref.bad {
				if _, err := f.Eval(b.overload, b.args); err == nil || !strings.Contains(err.Error(), b.want) {
					t.Errorf("overload %d at %v: error %v, want %q", b.overload, b.args, err, b.want)
				}
			}
		})
	}
}

// TestFuncDataOnly: a function that takes data only refuses an argument
// that is not, saying why.
func TestFuncDataOnly(t *testing.T) {
	for _, f := range Funcs() {
		if f.DataOnly == "" {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			o, a := funcReferences[f.Name].cases(rand.New(rand.NewPCG(6, 17)))
			e, vs := NewEval(a, make([]bool, len(a))) // nothing is data
			err := func() (err error) {
				defer func() {
					if r, ok := recover().(evalFail); ok {
						err = r.err
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
