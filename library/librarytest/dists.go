package librarytest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// The checks of the families and the kernels (run by Dists and Funcs,
// walk.go): every entry, each piece checked against something
// independent (its package's reference rows). An entry that misses a
// piece fails here by name.

// evalBuilder is a Builder that evaluates each call at once: node v holds
// its value and its arguments, so that a Kernel's partials, as written,
// give numbers to compare with finite differences of its value.
type evalBuilder struct {
	val  []float64
	args [][]library.Value
}

func (b *evalBuilder) add(x float64, args ...library.Value) library.Value {
	b.val = append(b.val, x)
	b.args = append(b.args, args)
	return library.Value(len(b.val) - 1)
}

func (b *evalBuilder) v(x library.Value) float64                { return b.val[x] }
func (b *evalBuilder) Arg(n library.Value, i int) library.Value { return b.args[n][i] }
func (b *evalBuilder) Const(x float64) library.Value            { return b.add(x) }
func (b *evalBuilder) Add(x, y library.Value) library.Value     { return b.add(b.v(x)+b.v(y), x, y) }
func (b *evalBuilder) Sub(x, y library.Value) library.Value     { return b.add(b.v(x)-b.v(y), x, y) }
func (b *evalBuilder) Mul(x, y library.Value) library.Value     { return b.add(b.v(x)*b.v(y), x, y) }
func (b *evalBuilder) Div(x, y library.Value) library.Value     { return b.add(b.v(x)/b.v(y), x, y) }
func (b *evalBuilder) Pow(x, y library.Value) library.Value {
	return b.add(math.Pow(b.v(x), b.v(y)), x, y)
}
func (b *evalBuilder) Neg(x library.Value) library.Value    { return b.add(-b.v(x), x) }
func (b *evalBuilder) Exp(x library.Value) library.Value    { return b.add(math.Exp(b.v(x)), x) }
func (b *evalBuilder) Log(x library.Value) library.Value    { return b.add(math.Log(b.v(x)), x) }
func (b *evalBuilder) Log1p(x library.Value) library.Value  { return b.add(math.Log1p(b.v(x)), x) }
func (b *evalBuilder) Inv(x library.Value) library.Value    { return b.add(1/b.v(x), x) }
func (b *evalBuilder) Square(x library.Value) library.Value { return b.add(b.v(x)*b.v(x), x) }
func (b *evalBuilder) Sign(x library.Value) library.Value   { return b.add(library.Sign(b.v(x)), x) }
func (b *evalBuilder) Fabs(x library.Value) library.Value   { return b.add(math.Abs(b.v(x)), x) }
func (b *evalBuilder) Digamma(x library.Value) library.Value {
	return b.add(library.Digamma(b.v(x)), x)
}
func (b *evalBuilder) InvLogit(x library.Value) library.Value {
	return b.add(library.InvLogit(b.v(x)), x)
}
func (b *evalBuilder) Log1pExp(x library.Value) library.Value {
	return b.add(library.Log1pExp(b.v(x)), x)
}
func (b *evalBuilder) Select(c, x, y library.Value) library.Value {
	if b.v(c) != 0 {
		return b.add(b.v(x), c, x, y)
	}
	return b.add(b.v(y), c, x, y)
}

func (b *evalBuilder) Call(k *library.Kernel, args ...library.Value) library.Value {
	var a [library.MaxArgs]float64
	for i, x := range args {
		a[i] = b.v(x)
	}
	return b.add(k.Value(a[0], a[1], a[2], a[3], 0), args...)
}

// partial is ∂k/∂x_i at x by k's Partial rule, and whether it has one.
func partial(k *library.Kernel, x [library.MaxArgs]float64, i int) (float64, bool) {
	b := &evalBuilder{}
	args := make([]library.Value, k.Arity())
	for j := range args {
		args[j] = b.Const(x[j])
	}
	n := b.Call(k, args...)
	p := k.Partial(b, n, i, b.Const(1))
	if p == library.NoValue {
		return 0, false
	}
	return b.v(p), true
}

// draw is a value of the domain d where the tests evaluate: (-2, 2) for
// reals, (0.5, 3) for positive ones, (0.1, 0.9) for probabilities, 0..5
// for a count outcome and 5..10 for a count after it (a trial count, which
// bounds the outcome).
func draw(r *rand.Rand, d library.Domain, i int) float64 {
	switch d {
	case library.Positive, library.NonNegative, library.DataPositive:
		return 0.5 + 2.5*r.Float64()
	case library.Probability:
		return 0.1 + 0.8*r.Float64()
	case library.Binary:
		return float64(r.IntN(2))
	case library.Count:
		if i > 0 {
			return float64(5 + r.IntN(6))
		}
		return float64(r.IntN(6))
	}
	return 4*r.Float64() - 2
}

// finiteDiffStep is the step of the central differences.
const finiteDiffStep = 1e-3

// point draws the arguments of k in its domains until its value is finite
// there and at the points the finite differences evaluate (uniform's y
// must lie in [α, β]), and smooth enough there for them: Richardson's
// estimates at steps h and h/2 agree to 1e-7 relative, a tenth of
// kernelPartials' tolerance (not so within a step of a kink or support
// edge: skew_double_exponential_lccdf at y = μ, pareto_type_2_lccdf's
// flat 0 below μ, uniform_lcdf's log singularity at α).
func point(t *testing.T, r *rand.Rand, k *library.Kernel, fill []float64) [library.MaxArgs]float64 {
	t.Helper()
	for range 2000 {
		var x [library.MaxArgs]float64
		n := k.Arity() - len(fill)
		for i := 0; i < n; i++ {
			x[i] = draw(r, k.Args[i], i)
		}
		copy(x[n:], fill)
		ok := IsFinite(k.At(x[:]...))
		for i := 0; i < n && ok; i++ {
			if k.Args[i].Discrete() {
				continue
			}
			for _, s := range []float64{-finiteDiffStep, finiteDiffStep} {
				y := x
				y[i] += s * math.Max(1, math.Abs(x[i]))
				ok = ok && IsFinite(k.At(y[:]...))
			}
		}
		for i := 0; i < n && ok; i++ {
			if !k.Args[i].Data() {
				r1, r2 := richardsonStep(k, x, i, finiteDiffStep), richardsonStep(k, x, i, finiteDiffStep/2)
				ok = math.Abs(r1-r2) <= 1e-7*math.Max(1, math.Abs(r2))
			}
		}
		if ok {
			return x
		}
	}
	t.Fatalf("%s: no point in its support in 2000 draws", k.Name)
	return [library.MaxArgs]float64{}
}

func IsFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// richardson is the central difference D(h) = (f(x+h)-f(x-h))/2h
// extrapolated as (4 D(h/2) - D(h))/3, which cancels the h² term.
func richardson(k *library.Kernel, x [library.MaxArgs]float64, i int) float64 {
	return richardsonStep(k, x, i, finiteDiffStep)
}

// richardsonStep is richardson with step s (relative to max(1, |x_i|)).
func richardsonStep(k *library.Kernel, x [library.MaxArgs]float64, i int, step float64) float64 {
	h := step * math.Max(1, math.Abs(x[i]))
	d := func(h float64) float64 {
		p, m := x, x
		p[i] += h
		m[i] -= h
		return (k.At(p[:]...) - k.At(m[:]...)) / (2 * h)
	}
	return (4*d(h/2) - d(h)) / 3
}

func CloseTo(got, want, tol float64) bool {
	if got == want || math.IsNaN(got) && math.IsNaN(want) {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// kernelPartials checks every kernel's partial derivatives against
// central finite differences of its value (Richardson-extrapolated,
// relative 1e-6) at six random points of its domain; an int argument has
// none. (compiler's TestBreadthEveryVectorisation checks the same rules
// through the IR, with every argument a scalar or a vector.)
func kernelPartials(t *testing.T, ks []*library.Kernel) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, k := range ks {
		t.Run(k.Name, func(t *testing.T) {
			if k.Value == nil || k.Partial == nil || k.C == "" || len(k.Args) == 0 || len(k.Args) > library.MaxArgs {
				t.Fatalf("%s: a kernel needs Args (1 to %d), Value, Partial and C", k.Name, library.MaxArgs)
			}
			for range 6 {
				x := point(t, r, k, nil)
				for i, d := range k.Args {
					got, ok := partial(k, x, i)
					if d.Data() {
						if ok {
							t.Errorf("at %v: a partial in the data argument %d", x[:k.Arity()], i)
						}
						continue
					}
					// no partial: it is identically zero (uniform's y)
					if fd := richardson(k, x, i); !CloseTo(got, fd, 1e-6) {
						t.Errorf("at %v: ∂/∂x%d = %.12g, finite difference %.12g", x[:k.Arity()], i, got, fd)
					}
				}
			}
		})
	}
}

// distSignatures checks that each family's pieces fit together.
func distSignatures(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	for _, d := range ds {
		t.Run(d.Name, func(t *testing.T) {
			k := d.Lpdf
			if k == nil {
				t.Fatal("no Lpdf")
			}
			if k.Arity() != 1+len(d.Params)+len(d.Fill) {
				t.Errorf("Lpdf %s takes %d arguments for the outcome, %d parameters and %d filled", k.Name, k.Arity(), len(d.Params), len(d.Fill))
			}
			if k.Args[0].Discrete() != d.Discrete {
				t.Errorf("Discrete is %v but Lpdf's outcome is %v", d.Discrete, k.Args[0])
			}
			for i, p := range d.Params {
				if p.Name == "" {
					t.Errorf("parameter %d has no name", i)
				}
				if p.Int != k.Args[i+1].Discrete() {
					t.Errorf("parameter %s: Int is %v but Lpdf's argument is %v", p.Name, p.Int, k.Args[i+1])
				}
			}
			if d.Support == "" {
				t.Error("no Support")
			}
			if (d.Rng == nil) == (d.Rate == nil) {
				t.Error("a family needs exactly one of Rng and Rate")
			}
			if d.CDF != nil && d.CDFBySum || d.CDFBySum && !d.Discrete {
				t.Error("CDFBySum is for a discrete family without a CDF")
			}
			if d.Quantile != nil && d.CDF == nil {
				t.Error("a Quantile needs its CDF")
			}
			if ls := d.LocationScale; ls != nil {
				if ls.Loc >= len(d.Params) || ls.Scale >= len(d.Params) || library.LookupDist(ls.Std) == nil {
					t.Errorf("LocationScale %+v does not fit", *ls)
				}
			}
			for ti, term := range d.Terms {
				if term.F == nil || term.Deps>>k.Arity() != 0 {
					t.Errorf("term %d: no F, or Deps %b beyond the %d arguments", ti, term.Deps, k.Arity())
				}
			}
			if _, ok := refs[d.Name]; !ok {
				t.Errorf("no reference row in reference_test.go")
			}
		})
	}
}

// distReference checks each family's log density against its
// reference row (library/dists/reference_test.go) at eight random points, to 1e-12.
func distReference(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue // distSignatures fails
		}
		t.Run(d.Name, func(t *testing.T) {
			for range 8 {
				x := point(t, r, d.Lpdf, d.Fill)
				got := d.LogDensity(x[0], x[1:1+len(d.Params)])
				if want := ref.Lpdf(x); !CloseTo(got, want, 1e-12) {
					t.Errorf("at %v: %.17g, %s %.17g", x[:d.Lpdf.Arity()], got, ref.Src, want)
				}
			}
		})
	}
}

// distTerms checks the summands that `~` drops: each depends on the
// arguments its Deps name only (moving any other leaves it unchanged), and
// the density less all of them is the reference's kept part, written
// independently from the Functions Reference.
func distTerms(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	r := rand.New(rand.NewPCG(41, 42))
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if ref.Kept == nil {
				t.Fatal("the reference row has no kept part")
			}
			n := 1 + len(d.Params)
			for range 5 {
				x := point(t, r, d.Lpdf, d.Fill)
				rest := d.Lpdf.At(x[:]...)
				for ti, term := range d.Terms {
					v := term.F(&x)
					rest -= v
					for i := 0; i < n; i++ {
						if term.Deps&(1<<i) != 0 || d.Lpdf.Args[i].Discrete() {
							continue
						}
						y := x
						y[i] += 0.01
						if w := term.F(&y); w != v {
							t.Errorf("term %d moves with argument %d, which its Deps %b leave out", ti, i, term.Deps)
						}
					}
				}
				if want := ref.Kept(x); !CloseTo(rest, want, 1e-10) {
					t.Errorf("at %v: density less the dropped terms is %.15g, the kept part %.15g", x[:n], rest, want)
				}
			}
		})
	}
}

// distRng draws 20000 values with each family's rng at its reference
// parameters and checks |sample mean - mean| < 4 sd/√n and |sample variance
// - variance| < 4 √((m4 - variance²)/n), m4 the sample fourth central
// moment (the delta-method sd of the sample variance), the moments being
// Moments'; a continuous family with a CDF also passes a
// Kolmogorov-Smirnov test against it at the 0.1% level (1.95/√n), as one
// without moments (cauchy) must.
func distRng(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	const n = 20000
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			p := ref.Params
			if len(p) != len(d.Params) {
				t.Fatalf("reference params %v for %d parameters", p, len(d.Params))
			}
			if err := d.CheckParams(p); err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(7, 1))
			xs := make([]float64, n)
			for i := range xs {
				x, err := d.Draw(r, p)
				if err != nil {
					t.Fatal(err)
				}
				xs[i] = x
			}
			if d.Moments == nil && (d.CDF == nil || d.Discrete) {
				t.Fatal("neither Moments nor a continuous CDF to check the rng against")
			}
			if d.Moments != nil {
				mean, variance := d.Moments(p)
				m, s2, m4 := moments(xs)
				if bound := 4 * math.Sqrt(variance/n); math.Abs(m-mean) > bound {
					t.Errorf("mean %g, want %g within %g", m, mean, bound)
				}
				if bound := 4 * math.Sqrt((m4-s2*s2)/n); math.Abs(s2-variance) > bound {
					t.Errorf("variance %g, want %g within %g", s2, variance, bound)
				}
			}
			if d.CDF != nil && !d.Discrete {
				ks(t, xs, func(x float64) float64 { return d.CDF(x, p) })
			}
		})
	}
}

func moments(xs []float64) (mean, variance, m4 float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x / n
	}
	for _, x := range xs {
		variance += (x - mean) * (x - mean) / (n - 1)
		m4 += math.Pow(x-mean, 4) / n
	}
	return mean, variance, m4
}

func ks(t *testing.T, xs []float64, cdf func(float64) float64) {
	t.Helper()
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		c := cdf(x)
		d = math.Max(d, math.Max(math.Abs(c-float64(i)/n), math.Abs(float64(i+1)/n-c)))
	}
	if crit := 1.95 / math.Sqrt(n); d > crit {
		t.Errorf("Kolmogorov-Smirnov D = %g > %g", d, crit)
	}
}

// distCDF ties each CDF to its density: for a continuous family,
// CDF(b) - CDF(a) is the integral of exp(lpdf) over [a, b] (Simpson's rule,
// 4000 panels, relative 1e-7) between quantiles 0.05, 0.5 and 0.95, and
// the quantile inverts the CDF; for a discrete one, the pmf sums to 1 and
// Moments are the pmf's (Σ n p(n) and Σ n² p(n) over the support, the
// unbounded ones up to 2000, where the tails are below 1e-15).
func distCDF(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		p := ref.Params
		t.Run(d.Name, func(t *testing.T) {
			if d.Discrete {
				s, s1, s2 := 0.0, 0.0, 0.0
				for k := 0.0; k <= supportMax(d, p); k++ {
					pk := math.Exp(d.LogDensity(k, p))
					s, s1, s2 = s+pk, s1+k*pk, s2+k*k*pk
				}
				if math.Abs(s-1) > 1e-12 {
					t.Errorf("Σ pmf = %.15g", s)
				}
				if mean, variance := d.Moments(p); !CloseTo(s1, mean, 1e-10) || !CloseTo(s2-s1*s1, variance, 1e-9) {
					t.Errorf("pmf's mean and variance %g, %g; Moments %g, %g", s1, s2-s1*s1, mean, variance)
				}
				return
			}
			if d.CDF == nil {
				return
			}
			if d.Quantile == nil {
				t.Fatal("a continuous CDF without a Quantile")
			}
			q := []float64{d.Quantile(0.05, p), d.Quantile(0.5, p), d.Quantile(0.95, p)}
			for i, u := range []float64{0.05, 0.5, 0.95} {
				if c := d.CDF(q[i], p); math.Abs(c-u) > 1e-9 {
					t.Errorf("CDF(Quantile(%g)) = %.12g", u, c)
				}
			}
			for _, ab := range [][2]float64{{q[0], q[1]}, {q[1], q[2]}, {q[0], q[2]}} {
				got := Simpson(func(x float64) float64 { return math.Exp(d.LogDensity(x, p)) }, ab[0], ab[1], 4000)
				if want := d.CDF(ab[1], p) - d.CDF(ab[0], p); !CloseTo(got, want, 1e-7) {
					t.Errorf("∫ exp(lpdf) over [%g, %g] = %.12g, CDF difference %.12g", ab[0], ab[1], got, want)
				}
			}
		})
	}
}

// supportMax is the largest outcome of a discrete family with parameters
// p: 1 for a binary one, the largest int parameter for one that has them
// (the trial count, discrete_range's upper bound), else 2000.
func supportMax(d *library.Dist, p []float64) float64 {
	if d.Lpdf.Args[0] == library.Binary {
		return 1
	}
	m, ok := 0.0, false
	for i, prm := range d.Params {
		if prm.Int {
			m, ok = max(m, p[i]), true
		}
	}
	if ok {
		return m
	}
	return 2000
}

func Simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

// distArgumentChecks: a parameter outside its domain is reported with
// its name, its value and what it must be, as Stan's argument checks are.
func distArgumentChecks(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	bad := map[library.Domain]float64{library.AnyReal: math.NaN(), library.Finite: math.Inf(1), library.Positive: -1, library.NonNegative: -1, library.Probability: 1.5}
	for _, d := range ds {
		ref, ok := refs[d.Name]
		if !ok {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			for i, prm := range d.Params {
				p := append([]float64(nil), ref.Params...)
				p[i] = bad[prm.Domain]
				err := d.CheckParams(p)
				want := fmt.Sprintf("%s is %g, but must be %s", prm.Name, p[i], prm.Domain)
				if err == nil || err.Error() != want {
					t.Errorf("parameter %d = %g: error %v, want %q", i, p[i], err, want)
				}
			}
		})
	}
}
