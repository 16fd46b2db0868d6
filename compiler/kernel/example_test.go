package kernel_test

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/library/dists"
)

// A normal model with unknown mean and log standard deviation:
// y ~ normal(mu, exp(u)), flat priors, log-Jacobian u.
func ExampleNew() {
	y := []float64{1.2, 0.4, 2.0}
	b := ir.NewBuilder(2)
	mu, u := b.Param(0), b.Param(1)
	lp := b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), b.Data(y), mu, b.Exp(u)))
	k, _, err := kernel.New(b, b.Add(lp, u))
	if err != nil {
		fmt.Println(err)
		return
	}
	grad := make([]float64, k.Dim())
	v := k.LogDensityGrad(grad, []float64{1, 0})
	// By hand at mu = 1, u = 0: lp = -Σ(y-1)²/2 - 3 log(2π)/2 + 0,
	// d/dmu = Σ(y-1) = 0.6, d/du = Σ(y-1)² - 3 + 1 = 1.4 - 2 = -0.6.
	fmt.Printf("lp %.6f (by hand %.6f)\n", v, -0.5*(0.04+0.36+1)-1.5*math.Log(2*math.Pi))
	fmt.Printf("grad %.4f %.4f\n", grad[0], grad[1])
	// Output:
	// lp -3.456816 (by hand -3.456816)
	// grad 0.6000 -0.6000
}
