package simulate_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// scalarLoopModel is the generated quantities of posteriordb's
// covid19imperial_v2 (ecdc0401), whose O(N2^2) nested scalar loops made the
// interpreter the larger part of sampling it: a scalar read, an indexed
// read, arithmetic and a compound indexed assignment per inner iteration.
const scalarLoopModel = `
data {
  int<lower=1> M;
  int<lower=1> N0;
  int<lower=1> N2;
  matrix[N2, M] f;
  array[M] real pop;
  array[N2] real SI;
}
parameters {
  array[M] real<lower=0> mu;
  array[M] real<lower=0> y;
  array[M] real<lower=0> ifr_noise;
}
model {
  mu ~ normal(3, 1);
  y ~ exponential(1);
  ifr_noise ~ normal(1, 0.1);
}
generated quantities {
  matrix[N2, M] prediction0 = rep_matrix(0, N2, M);
  matrix[N2, M] E_deaths0 = rep_matrix(0, N2, M);
  {
    matrix[N2, M] cumm_sum0 = rep_matrix(0, N2, M);
    for (m in 1 : M) {
      for (i in 2 : N0) {
        cumm_sum0[i, m] = cumm_sum0[i - 1, m] + y[m];
      }
      prediction0[1 : N0, m] = rep_vector(y[m], N0);
      for (i in (N0 + 1) : N2) {
        real convolution0 = 0;
        for (j in 1 : (i - 1)) {
          convolution0 += prediction0[j, m] * SI[i - j];
        }
        cumm_sum0[i, m] = cumm_sum0[i - 1, m] + prediction0[i - 1, m];
        prediction0[i, m] = ((pop[m] - cumm_sum0[i, m]) / pop[m]) * mu[m]
                            * convolution0;
      }
      E_deaths0[1, m] = uniform_rng(1e-16, 1e-15);
      for (i in 2 : N2) {
        for (j in 1 : (i - 1)) {
          E_deaths0[i, m] += prediction0[j, m] * f[i - j, m] * ifr_noise[m];
        }
      }
    }
  }
}
`

// scalarLoopData are M = 2 countries of N2 = 60 days: 2 * 2 * 59 * 60 / 2
// (about 7000) inner iterations per draw.
func scalarLoopData() string {
	const m, n2 = 2, 60
	var si, f []string
	for i := range n2 {
		si = append(si, fmt.Sprint(1/float64(i+2)))
		var row []string
		for k := range m {
			row = append(row, fmt.Sprint(float64(k+1)/float64(i+10)))
		}
		f = append(f, "["+strings.Join(row, ",")+"]")
	}
	return fmt.Sprintf(`{"M": %d, "N0": 6, "N2": %d, "pop": [1e7, 5e6], "SI": [%s], "f": [%s]}`,
		m, n2, strings.Join(si, ","), strings.Join(f, ","))
}

// BenchmarkScalarLoops runs scalarLoopModel's generated quantities for one
// draw per op: the interpreter's cost on scalar code.
func BenchmarkScalarLoops(b *testing.B) {
	p, d := loadSource(b, scalarLoopModel, scalarLoopData())
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		b.Fatal(err)
	}
	params := []float64{3.1, 2.9, 10, 20, 1.05, 0.95}
	benchRun(b, g, params)
}

// BenchmarkCovid19imperial runs the generated quantities of posteriordb's
// ecdc0401-covid19imperial_v2 (../shared's corpus) for one draw per op, at
// every parameter 0.5 and the transformed parameters they give: the draw
// the sampler hands the generated quantities of that posterior.
func BenchmarkCovid19imperial(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "corpus", "posteriordb", "ecdc0401-covid19imperial_v2")
	p, d := load(b, filepath.Join(dir, "model.stan"), filepath.Join(dir, "data.json"))
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		b.Fatal(err)
	}
	np := 0
	for _, pd := range g.Params() {
		if pd.Decl.Block == lang.BlockParameters {
			np += len(pd.Names)
		}
	}
	params := make([]float64, len(g.ParamNames()))
	for i := range np {
		params[i] = 0.5
	}
	if _, err := g.LogDensity(params[:np], params[np:]); err != nil {
		b.Fatal(err)
	}
	benchRun(b, g, params)
}

// benchRun times the generated quantities of g at params, one draw per op.
func benchRun(b *testing.B, g *simulate.Generator, params []float64) {
	out := make([]float64, len(g.GQNames()))
	rng := rand.New(rand.NewPCG(1, 1))
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Run(rng, params, out); err != nil {
			b.Fatal(err)
		}
	}
}
