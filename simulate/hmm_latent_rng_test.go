package simulate_test

import (
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

// TestHmmLatentRngGQ: hmm_latent_rng runs in transformed data and
// generated quantities through the interpreter's generator
// (library.Func.Rng). With Gamma the identity and rho = (0, 1), every path
// but 2, 2, 2 has probability 0, so each draw must be it.
func TestHmmLatentRngGQ(t *testing.T) {
	src := `transformed data {
  matrix[2, 3] log_omega = [[-1, -2, -0.5], [-0.3, -1.5, -2]];
  matrix[2, 2] Gamma = [[1, 0], [0, 1]];
  vector[2] rho = [0, 1]';
  array[3] int z0 = hmm_latent_rng(log_omega, Gamma, rho);
}
generated quantities {
  array[3] int z = hmm_latent_rng(log_omega, Gamma, rho);
  int z0_1 = z0[1];
}
`
	g, err := simulate.NewGenerator(parseTest(t, src), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(g.GQNames()))
	for i := range 10 {
		if err := g.Run(rand.New(rand.NewPCG(uint64(i), 3)), nil, out); err != nil {
			t.Fatal(err)
		}
		for k, y := range out {
			if y != 2 {
				t.Fatalf("draw %d: %s = %v, want 2", i, g.GQNames()[k], y)
			}
		}
	}
}
