package sampler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelGradients checks the hand-written gradients of the test kernels
// against central finite differences at random points, so that the
// statistical tests test the sampler and not a wrong gradient.
func TestKernelGradients(t *testing.T) {
	rho := 0.9
	mvn, _ := corr2(rho)
	kernels := []struct {
		name string
		k    Kernel
	}{
		{"gauss", gaussKernel{[]float64{1e-1, 1, 3}}},
		{"mvn", mvn},
		{"eight schools centered", eightSchools{}},
		{"eight schools non-centered", eightSchoolsNC{}},
		{"two modes", twoModes{m: []float64{0.5, -0.3}, minor: -1}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range kernels {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.k.Dim()
			q, grad, g2 := make([]float64, d), make([]float64, d), make([]float64, d)
			for range 5 {
				for i := range q {
					q[i] = 2*rng.Float64() - 1
				}
				tc.k.LogDensityGrad(grad, q)
				for i := range q {
					const h = 1e-6
					x := q[i]
					q[i] = x + h
					up := tc.k.LogDensityGrad(g2, q)
					q[i] = x - h
					down := tc.k.LogDensityGrad(g2, q)
					q[i] = x
					fd := (up - down) / (2 * h)
					if math.Abs(fd-grad[i]) > 1e-6*max(1, math.Abs(fd)) {
						t.Errorf("%s at %v: d/dq[%d] = %v, finite difference %v", fmt.Sprint(tc.name), q, i, grad[i], fd)
					}
				}
			}
		})
	}
}
