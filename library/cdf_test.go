package library

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestDistLogCDF checks each family's Lcdf and Lccdf kernels: they come in
// pairs, with Lpdf's arguments (a DataPositive one where Lpdf's is
// positive), and at eight random points agree with the log of the
// family's CDF (gonum's distuv for all but cauchy, whose CDF is 1/2 +
// atan(z)/π as the Functions Reference writes it, and the discrete ones,
// whose CDF is the sum of the pmf) and of its complement,
// to 1e-12 of max(1, |value|); far in each tail (z = ±40, where the CDF
// or its complement underflows to 0 or rounds to 1 in doubles) both stay
// finite and ordered. Their partials are TestKernelPartials', their C
// TestCMatchesGo's.
func TestDistLogCDF(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, d := range Dists() {
		if d.Lcdf == nil && d.Lccdf == nil {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if d.Lcdf == nil || d.Lccdf == nil || !d.HasCDF() {
				t.Fatal("Lcdf and Lccdf come in pairs, with the CDF they are the logs of")
			}
			for _, k := range []*Kernel{d.Lcdf, d.Lccdf} {
				if k.Arity() != d.Lpdf.Arity() {
					t.Fatalf("%s takes %d arguments, Lpdf %d", k.Name, k.Arity(), d.Lpdf.Arity())
				}
				for i, a := range k.Args {
					if a != d.Lpdf.Args[i] && !(a == DataPositive && d.Lpdf.Args[i] == Positive) {
						t.Errorf("%s: argument %d is %v, Lpdf's %v", k.Name, i, a, d.Lpdf.Args[i])
					}
				}
			}
			np := len(d.Params)
			for range 8 {
				x := point(t, r, d.Lcdf, d.Fill)
				c := d.Cumulative(x[0], x[1:1+np])
				if got, want := d.Lcdf.At(x[:]...), math.Log(c); !closeTo(got, want, 1e-12) {
					t.Errorf("lcdf at %v: %.17g, log CDF %.17g", x[:d.Lcdf.Arity()], got, want)
				}
				// log1p(-c) carries c's rounding, 1e-16 relative, magnified c/(1-c) times
				got, want := d.Lccdf.At(x[:]...), math.Log1p(-c)
				if tol := 1e-12*math.Max(1, math.Abs(want)) + 1e-15*c/(1-c); !(math.Abs(got-want) <= tol || got == want) {
					t.Errorf("lccdf at %v: %.17g, log(1 - CDF) %.17g", x[:d.Lcdf.Arity()], got, want)
				}
				if got, want := d.LogCumulative(x[0], x[1:1+np], true), d.Lccdf.At(x[:]...); got != want {
					t.Errorf("LogCumulative(upper) %v, the kernel %v", got, want)
				}
			}
		})
	}
}

// TestDistLogCDFTails: where the CDF itself underflows, log F keeps its
// asymptotic form. Normal: log Φ(z) ~ -z²/2 - log(-z) - log(2π)/2 (the
// Mills ratio, A&S 26.2.12); Cauchy: F(z) ~ 1/(π|z|); Student-t:
// F(t) ~ Γ((ν+1)/2) ν^(ν/2-1) / (√π Γ(ν/2)) |t|^-ν (the density's tail
// integrated); logistic and Laplace: log F(z) = z + O(e^z); Gumbel's upper
// tail: log(1 - F) ~ -z. Each to relative 1e-3 at z = -400 or +400, and
// the lower tail of the lcdf matching the upper tail of the lccdf where
// the family is symmetric.
func TestDistLogCDFTails(t *testing.T) {
	const z = -400.0
	nu := 3.0
	cases := []struct {
		name      string
		got, want float64
	}{
		{"normal", normalLcdf.At(z, 0, 1), -z*z/2 - math.Log(-z) - HalfLog2Pi},
		{"normal upper", normalLccdf.At(-z, 0, 1), -z*z/2 - math.Log(-z) - HalfLog2Pi},
		{"cauchy", cauchyLcdf.At(z, 0, 1), -math.Log(math.Pi * -z)},
		{"cauchy upper", cauchyLccdf.At(-z, 0, 1), -math.Log(math.Pi * -z)},
		{"student_t", studentTLcdf.At(z, nu, 0, 1),
			lg((nu+1)/2) + (nu/2-1)*math.Log(nu) - 0.5*math.Log(math.Pi) - lg(nu/2) - nu*math.Log(-z)},
		{"student_t upper", studentTLccdf.At(-z, nu, 0, 1),
			lg((nu+1)/2) + (nu/2-1)*math.Log(nu) - 0.5*math.Log(math.Pi) - lg(nu/2) - nu*math.Log(-z)},
		{"logistic", logisticLcdf.At(z, 0, 1), z},
		{"double_exponential", doubleExponentialLcdf.At(z, 0, 1), z - Ln2},
		{"gumbel upper", gumbelLccdf.At(-z, 0, 1), z},
		{"exponential", exponentialLcdf.At(1e-200, 1), math.Log(1e-200)},
	}
	for _, c := range cases {
		if math.IsInf(c.got, 0) || math.IsNaN(c.got) || math.Abs(c.got-c.want) > 1e-3*math.Abs(c.want) {
			t.Errorf("%s: %.10g, asymptote %.10g", c.name, c.got, c.want)
		}
	}
}

// TestLogIncBeta checks the incomplete beta function against gonum's
// mathext.RegIncBeta (v0.17.0, a different algorithm: Cephes' incbet) to
// 1e-13 at random points, a and b in (0.1, 50), and its lower tail in logs
// against the series x^a/(a B(a, b)) (1 + O(x)) at x = 1e-200.
func TestLogIncBeta(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 200 {
		a, b, x := 0.1+50*r.Float64(), 0.1+50*r.Float64(), r.Float64()
		if got, want := IncBeta(a, b, x), mathext.RegIncBeta(a, b, x); math.Abs(got-want) > 1e-13 {
			t.Errorf("I_%v(%v, %v) = %.17g, gonum %.17g", x, a, b, got, want)
		}
	}
	a, b, x := 2.5, 0.5, 1e-200
	if got, want := LogIncBeta(a, b, x, 1), a*math.Log(x)-math.Log(a)-Lbeta(a, b); math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("log I_1e-200(2.5, 0.5) = %.17g, series %.17g", got, want)
	}
}
