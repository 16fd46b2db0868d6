package librarytest

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// distLogCDF checks each family's Lcdf and Lccdf kernels: they come in
// pairs, with Lpdf's arguments (a DataPositive one where Lpdf's is
// positive), and at eight random points agree with the log of the
// family's CDF (gonum's distuv for all but cauchy, whose CDF is 1/2 +
// atan(z)/π as the Functions Reference writes it, and the discrete ones,
// whose CDF is the sum of the pmf) and of its complement,
// to 1e-12 of max(1, |value|); far in each tail (z = ±40, where the CDF
// or its complement underflows to 0 or rounds to 1 in doubles) both stay
// IsFinite and ordered. Their partials are kernelPartials', their C
// cMatchesGo's.
func distLogCDF(t *testing.T, ds []*library.Dist, refs map[string]Reference) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, d := range ds {
		if d.Lcdf == nil && d.Lccdf == nil {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			if d.Lcdf == nil || d.Lccdf == nil || !d.HasCDF() {
				t.Fatal("Lcdf and Lccdf come in pairs, with the CDF they are the logs of")
			}
			for _, k := range []*library.Kernel{d.Lcdf, d.Lccdf} {
				if k.Arity() != d.Lpdf.Arity() {
					t.Fatalf("%s takes %d arguments, Lpdf %d", k.Name, k.Arity(), d.Lpdf.Arity())
				}
				for i, a := range k.Args {
					if a != d.Lpdf.Args[i] && !(a == library.DataPositive && d.Lpdf.Args[i] == library.Positive) {
						t.Errorf("%s: argument %d is %v, Lpdf's %v", k.Name, i, a, d.Lpdf.Args[i])
					}
				}
			}
			np := len(d.Params)
			for range 8 {
				x := point(t, r, d.Lcdf, d.Fill)
				c := d.Cumulative(x[0], x[1:1+np])
				if got, want := d.Lcdf.At(x[:]...), math.Log(c); !CloseTo(got, want, 1e-12) {
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
