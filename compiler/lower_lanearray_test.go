package compiler

import (
	"math/rand/v2"
	"testing"
)

// ldaParams are the parameters of the lane-array models, over vecDataBlock's N,
// yk (1..3, the document) and yo (1..4, the word).
const ldaParams = `parameters { array[3] simplex[4] theta; array[4] simplex[4] phi; }
`

// laneArrayModels are loops whose body declares a local array of reals
// (lower_lanearray.go), each beside the same loop with the array given an
// initial value, which is not a lane array: that loop is unrolled as before.
var laneArrayModels = []struct{ name, lanes, unrolled string }{
	{"lda log_sum_exp", `model {
  for (n in 1:N) {
    array[4] real gamma;
    for (k in 1:4) gamma[k] = log(theta[yk[n], k]) + log(phi[k, yo[n]]);
    target += log_sum_exp(gamma);
  }
}`, `model {
  for (n in 1:N) {
    array[4] real gamma = rep_array(0.0, 4);
    for (k in 1:4) gamma[k] = log(theta[yk[n], k]) + log(phi[k, yo[n]]);
    target += log_sum_exp(gamma);
  }
}`},
	// elements read one by one, a compound assignment, and a 2-D array
	{"elements", `model {
  for (n in 1:N) {
    array[2, 2] real g;
    g[1, 1] = log(theta[yk[n], 1]);
    g[1, 2] = y[n] * theta[yk[n], 2];
    g[2, 1] = g[1, 1] + phi[yo[n], 3];
    g[2, 2] = 0.5;
    g[2, 2] += g[1, 2] * g[2, 1];
    target += g[2, 2] + g[1, 1];
  }
}`, `model {
  for (n in 1:N) {
    array[2, 2] real g = rep_array(0.0, 2, 2);
    g[1, 1] = log(theta[yk[n], 1]);
    g[1, 2] = y[n] * theta[yk[n], 2];
    g[2, 1] = g[1, 1] + phi[yo[n], 3];
    g[2, 2] = 0.5;
    g[2, 2] += g[1, 2] * g[2, 1];
    target += g[2, 2] + g[1, 1];
  }
}`},
	// a whole use that is not a lane reduction abandons the vector form
	{"sum falls back", `model {
  for (n in 1:N) {
    array[4] real gamma;
    for (k in 1:4) gamma[k] = log(theta[yk[n], k]) * phi[k, yo[n]];
    target += sum(gamma);
  }
}`, `model {
  for (n in 1:N) {
    array[4] real gamma = rep_array(0.0, 4);
    for (k in 1:4) gamma[k] = log(theta[yk[n], k]) * phi[k, yo[n]];
    target += sum(gamma);
  }
}`},
}

// TestLaneArrays: a loop with a local array gives the log density and
// gradient of the same loop unrolled (to 1e-9: the iterations' terms are
// summed in another order), and, where the array is a lane array, a
// program whose size does not grow with N: the loop was lowered once.
func TestLaneArrays(t *testing.T) {
	small, large := vecData(t, 3, 30, 4, 3), vecData(t, 3, 60, 4, 3)
	for _, m := range laneArrayModels {
		t.Run(m.name, func(t *testing.T) {
			lanes := compileSourceTB(t, vecDataBlock+ldaParams+m.lanes, small)
			unrolled := compileSourceTB(t, vecDataBlock+ldaParams+m.unrolled, small)
			kl, ku := lanes.NewKernel(), unrolled.NewKernel()
			rng := rand.New(rand.NewPCG(21, uint64(len(m.name))))
			gl, gu := make([]float64, lanes.Dim()), make([]float64, unrolled.Dim())
			for range 3 {
				q := randomPoint(rng, lanes.Dim())
				ll, lu := kl.LogDensityGrad(gl, q), ku.LogDensityGrad(gu, q)
				if !near9(ll, lu) {
					t.Errorf("log density %.17g, unrolled %.17g", ll, lu)
				}
				for i := range gl {
					if !near9(gl[i], gu[i]) {
						t.Errorf("d/dq[%d] = %.17g, unrolled %.17g", i, gl[i], gu[i])
					}
				}
			}
			n30 := len(lanes.Program.G.Nodes)
			n60 := len(compileSourceTB(t, vecDataBlock+ldaParams+m.lanes, large).Program.G.Nodes)
			if vectorised := n60 == n30; vectorised == (m.name == "sum falls back") {
				t.Errorf("%d IR nodes at N = 30, %d at N = 60: vectorised %v", n30, n60, vectorised)
			}
		})
	}
}
