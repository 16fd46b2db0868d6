package compiler

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestConstrainAcross: an array of simplexes with more free values than
// maxElemwise is built by one Build over vectors across the array
// (constrainAcross); two arrays of half its length each, below the
// threshold, are built one simplex at a time from the same free values in
// the same places. The constrained values must agree bit for bit (each
// element is computed by the same ops), the log density and gradient to
// 1e-12 (the log Jacobians are summed in another order), and the program
// must hold the ops of one simplex, not of each.
func TestConstrainAcross(t *testing.T) {
	const prior = `
  for (r in 1:R) theta[r] ~ dirichlet(alpha);
`
	across := compileSourceTB(t, `data { int R; vector[5] alpha; }
parameters { array[R] simplex[5] theta; }
model {`+prior+`}`, `{"R": 300, "alpha": [1, 2, 3, 4, 5]}`)
	halves := compileSourceTB(t, `data { int R; vector[5] alpha; }
parameters { array[R %/% 2] simplex[5] a; array[R %/% 2] simplex[5] b; }
model {
  for (r in 1:R %/% 2) a[r] ~ dirichlet(alpha);
  for (r in 1:R %/% 2) b[r] ~ dirichlet(alpha);
}`, `{"R": 300, "alpha": [1, 2, 3, 4, 5]}`)
	if across.Dim() != 1200 || halves.Dim() != 1200 {
		t.Fatalf("dimensions %d and %d, want 1200", across.Dim(), halves.Dim())
	}
	ka, kh := across.NewKernel(), halves.NewKernel()
	rng := rand.New(rand.NewPCG(21, 5))
	ga, gh := make([]float64, 1200), make([]float64, 1200)
	oa, oh := make([]float64, across.NumOutputs()), make([]float64, halves.NumOutputs())
	for range 3 {
		q := randomPoint(rng, 1200)
		la, lh := ka.LogDensityGrad(ga, q), kh.LogDensityGrad(gh, q)
		if math.Abs(la-lh) > 1e-12*math.Max(1, math.Abs(lh)) {
			t.Errorf("log density %.17g, one simplex at a time %.17g", la, lh)
		}
		for i := range ga {
			if math.Abs(ga[i]-gh[i]) > 1e-12*math.Max(1, math.Abs(gh[i])) {
				t.Errorf("d/dq[%d] = %.17g, one simplex at a time %.17g", i, ga[i], gh[i])
			}
		}
		ka.Constrain(oa, q)
		kh.Constrain(oh, q)
		// outputs are column-major (Stan's CSV order): theta[r, k] is
		// k*300 + r; a[r, k] is k*150 + r, b[r, k] 750 + k*150 + r
		for r := range 300 {
			for k := range 5 {
				h := k*150 + r
				if r >= 150 {
					h = 750 + k*150 + r - 150
				}
				if a := oa[k*300+r]; math.Float64bits(a) != math.Float64bits(oh[h]) {
					t.Errorf("theta[%d, %d] = %.17g, one simplex at a time %.17g", r+1, k+1, a, oh[h])
				}
			}
		}
	}
	if n := len(across.Program.G.Nodes); n >= len(halves.Program.G.Nodes)/4 {
		t.Errorf("%d IR nodes across the array, %d one simplex at a time", n, len(halves.Program.G.Nodes))
	}
}
