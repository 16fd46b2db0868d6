package compiler

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDistinctIterations: a loop lowered over its distinct iterations
// (lower_dedup.go; yk and yo take 12 distinct pairs over N = 30) gives the
// log density and gradient of the same loop unrolled, which a reject
// under an if forces (to 1e-9: the terms are summed in another order).
// The last loops see n otherwise and are lowered over every iteration
// (a loop with fewer distinct iterations than minLanes is too).
func TestDistinctIterations(t *testing.T) {
	bodies := []struct {
		name, body string
		deduped    bool
	}{
		{"two reads", `target += log(theta[yk[n], 2]) + phi[yo[n], 1];`, true},
		{"a constant part", `target += log(theta[yk[n], 2]) + phi[yo[n], 2] + 0.5;`, true},
		{"data times a parameter", `target += yk[n] * yo[n] * theta[1, 1];`, true},
		{"a term the same in every iteration", `target += phi[yo[n], 1] * yk[n]; target += theta[1, 1];`, true},
		{"a local", `real s = theta[yk[n], 2] * yo[n]; target += s * s;`, true},
		{"n itself", `target += theta[yk[n], 1] * n;`, false},
		{"a real datum", `target += theta[yk[n], 1] * y[n];`, false},
	}
	small := vecData(t, 3, 30, 4, 3)
	for _, c := range bodies {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			loop := "model { for (n in 1:N) { " + c.body + " } }"
			unrolledLoop := "model { for (n in 1:N) { " + c.body + ` if (n < 0) reject("never"); } }`
			m := compileSourceTB(t, vecDataBlock+ldaParams+loop, small)
			u := compileSourceTB(t, vecDataBlock+ldaParams+unrolledLoop, small)
			km, ku := m.NewKernel(), u.NewKernel()
			rng := rand.New(rand.NewPCG(21, uint64(len(c.name))))
			gm, gu := make([]float64, m.Dim()), make([]float64, u.Dim())
			for range 3 {
				q := randomPoint(rng, m.Dim())
				lm, lu := km.LogDensityGrad(gm, q), ku.LogDensityGrad(gu, q)
				if !near9(lm, lu) {
					t.Errorf("log density %.17g, unrolled %.17g", lm, lu)
				}
				for i := range gm {
					if !near9(gm[i], gu[i]) {
						t.Errorf("d/dq[%d] = %.17g, unrolled %.17g", i, gm[i], gu[i])
					}
				}
			}
			// over distinct iterations no vector has N = 30 elements
			perIteration := false
			for _, nd := range m.Program.G.Nodes {
				perIteration = perIteration || nd.Shape.N == 30
			}
			if perIteration == c.deduped {
				t.Errorf("a vector of N elements: %v; want lowered over distinct iterations %v", perIteration, c.deduped)
			}
		})
	}
}
