package compiler

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// The GLMs of the library against the regressions they replace, written
// as the Stan User's Guide writes them ("Logistic and probit regression",
// "Linear regression"): the log density and gradient agree at random
// points, and for `~` the compiled programs are the same op for op, so
// the GLM is as fast as the hand-written regression (BenchmarkGLM).

// glmPairs are each a GLM model and the hand-written model it must equal.
// The data (glmData) are N outcomes, an N x K design matrix x, a vector
// shift for varying intercepts and a positive vector s of scales.
// A pair with ownIR builds its own IR, not the hand-written one's (which
// is a loop over the rows): the two agree in value and gradient, and the
// benchmark says which is faster.
var glmPairs = []struct {
	name     string
	glm, ref string
	ownIR    bool
}{
	{"logistic", `
parameters { real alpha; vector[K] beta; }
model { alpha ~ normal(0, 2); beta ~ normal(0, 1); y ~ bernoulli_logit_glm(x, alpha, beta); }`, `
parameters { real alpha; vector[K] beta; }
model { alpha ~ normal(0, 2); beta ~ normal(0, 1); y ~ bernoulli_logit(alpha + x * beta); }`, false},
	{"logistic_varying_intercept", `
parameters { real mu; vector[K] beta; }
model { y ~ bernoulli_logit_glm(x, mu + shift, beta); }`, `
parameters { real mu; vector[K] beta; }
model { y ~ bernoulli_logit((mu + shift) + x * beta); }`, false},
	{"logistic_lpmf", `
parameters { real alpha; vector[K] beta; }
model { target += bernoulli_logit_glm_lpmf(y | x, alpha, beta); }`, `
parameters { real alpha; vector[K] beta; }
model { target += bernoulli_logit_lpmf(y | alpha + x * beta); }`, false},
	{"linear", `
parameters { real alpha; vector[K] beta; real<lower=0> sigma; }
model { sigma ~ exponential(1); yr ~ normal_id_glm(x, alpha, beta, sigma); }`, `
parameters { real alpha; vector[K] beta; real<lower=0> sigma; }
model { sigma ~ exponential(1); yr ~ normal(alpha + x * beta, sigma); }`, false},
	{"linear_lpdf_data_scales", `
parameters { vector[N] alpha; vector[K] beta; }
model { target += normal_id_glm_lpdf(yr | x, alpha, beta, s); yr ~ normal_id_glm(x, alpha, beta, s); }`, `
parameters { vector[N] alpha; vector[K] beta; }
model { target += normal_lpdf(yr | alpha + x * beta, s); yr ~ normal(alpha + x * beta, s); }`, false},
	{"poisson", `
parameters { real alpha; vector[K] beta; }
model { alpha ~ normal(0, 2); beta ~ normal(0, 1); yc ~ poisson_log_glm(x, alpha, beta); }`, `
parameters { real alpha; vector[K] beta; }
model { alpha ~ normal(0, 2); beta ~ normal(0, 1); yc ~ poisson_log(alpha + x * beta); }`, false},
	{"poisson_lpmf_varying_intercept", `
parameters { vector[N] alpha; vector[K] beta; }
model { target += poisson_log_glm_lpmf(yc | x, alpha, beta); }`, `
parameters { vector[N] alpha; vector[K] beta; }
model { target += poisson_log_lpmf(yc | alpha + x * beta); }`, false},
	{"negative_binomial", `
parameters { real alpha; vector[K] beta; real<lower=0> phi; }
model { phi ~ exponential(1); yc ~ neg_binomial_2_log_glm(x, alpha, beta, phi); }`, `
parameters { real alpha; vector[K] beta; real<lower=0> phi; }
model { phi ~ exponential(1); yc ~ neg_binomial_2_log(alpha + x * beta, phi); }`, false},
	{"negative_binomial_data_precisions", `
parameters { real alpha; vector[K] beta; }
model { yc ~ neg_binomial_2_log_glm(x, alpha, beta, s); target += neg_binomial_2_log_glm_lpmf(yc | x, alpha, beta, s); }`, `
parameters { real alpha; vector[K] beta; }
model { yc ~ neg_binomial_2_log(alpha + x * beta, s); target += neg_binomial_2_log_lpmf(yc | alpha + x * beta, s); }`, false},
	{"ordinal", `
parameters { vector[K] beta; ordered[3] c; }
model { beta ~ normal(0, 1); yo ~ ordered_logistic_glm(x, beta, c); }`, `
parameters { vector[K] beta; ordered[3] c; }
model { beta ~ normal(0, 1); yo ~ ordered_logistic(x * beta, c); }`, false},
	{"softmax", `
parameters { vector[3] alpha; matrix[K, 3] beta; }
model { to_vector(beta) ~ normal(0, 1); yk ~ categorical_logit_glm(x, alpha, beta); }`, `
parameters { vector[3] alpha; matrix[K, 3] beta; }
model { to_vector(beta) ~ normal(0, 1); for (n in 1:N) yk[n] ~ categorical_logit(alpha + (x[n] * beta)'); }`, true},
}

// glmData is the data block of every pair and its data, drawn with seed:
// y from a logistic regression, yr from a linear one, yc from a Poisson
// one, yo and yk from ordinal and softmax ones (with η's cut into four and
// three categories).
const glmDataBlock = `
data {
  int<lower=1> N;
  int<lower=1> K;
  matrix[N, K] x;
  array[N] int<lower=0, upper=1> y;
  array[N] int<lower=0> yc;
  array[N] int<lower=1, upper=4> yo;
  array[N] int<lower=1, upper=3> yk;
  vector[N] yr;
  vector[N] shift;
  vector<lower=0>[N] s;
}`

func glmData(t testing.TB, seed uint64, n, k int) string {
	r := rand.New(rand.NewPCG(seed, 15))
	x := make([][]float64, n)
	y, yr, off, s := make([]int, n), make([]float64, n), make([]float64, n), make([]float64, n)
	yc, yo, yk := make([]int, n), make([]int, n), make([]int, n)
	for i := range x {
		x[i] = make([]float64, k)
		eta := 0.3
		for j := range x[i] {
			x[i][j] = r.NormFloat64()
			eta += x[i][j] * float64(j%3-1)
		}
		if r.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
		yr[i] = eta + r.NormFloat64()
		off[i] = 0.5 * r.NormFloat64()
		s[i] = 0.5 + r.Float64()
		yc[i] = int(math.Exp(0.3*eta) * 2 * r.Float64())
		z := eta + r.NormFloat64()
		yo[i] = 1 + min(3, max(0, int(z+2)))
		yk[i] = 1 + min(2, max(0, int(z+1.5)))
	}
	js, err := json.Marshal(map[string]any{"N": n, "K": k, "x": x, "y": y, "yc": yc, "yo": yo, "yk": yk, "yr": yr, "shift": off, "s": s})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

// TestGLMMatchesHandWritten compiles each pair with the same data and
// compares log density and gradient at five random points to 1e-12
// (relative to max(1, |value|)), and the two value+gradient programs,
// which print the same, op for op (the constant `~` drops included).
func TestGLMMatchesHandWritten(t *testing.T) {
	js := glmData(t, 1, 40, 3)
	for _, p := range glmPairs {
		t.Run(p.name, func(t *testing.T) {
			glm := compileSourceTB(t, glmDataBlock+p.glm, js)
			ref := compileSourceTB(t, glmDataBlock+p.ref, js)
			if glm.Dim() != ref.Dim() {
				t.Fatalf("dimensions %d and %d", glm.Dim(), ref.Dim())
			}
			kg, kr := glm.NewKernel(), ref.NewKernel()
			rng := rand.New(rand.NewPCG(15, 3))
			gg, gr := make([]float64, glm.Dim()), make([]float64, ref.Dim())
			for range 5 {
				q := randomPoint(rng, glm.Dim())
				lg, lr := kg.LogDensityGrad(gg, q), kr.LogDensityGrad(gr, q)
				if !near12(lg, lr) {
					t.Errorf("at %v: log density %.17g, hand-written %.17g", q, lg, lr)
				}
				for i := range gg {
					if !near12(gg[i], gr[i]) {
						t.Errorf("at %v: d/dq[%d] = %.17g, hand-written %.17g", q, i, gg[i], gr[i])
					}
				}
			}
			if p.ownIR {
				return
			}
			var a, b bytes.Buffer
			if err := ir.Fprint(&a, glm.Program, ir.EmitGrad); err != nil {
				t.Fatal(err)
			}
			if err := ir.Fprint(&b, ref.Program, ir.EmitGrad); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("the GLM's program differs from the hand-written one:\n%s\nhand-written:\n%s", a.String(), b.String())
			}
		})
	}
}

func near12(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// BenchmarkGLM times one log density and gradient of logistic and linear
// regression at the size of posteriordb's wells models (N = 3020 rows, K
// = 6 columns), written with the GLM and by hand, in the same run.
func BenchmarkGLM(b *testing.B) {
	js := glmData(b, 2, 3020, 6)
	for _, p := range glmPairs {
		for _, v := range []struct{ name, src string }{{"glm", p.glm}, {"hand-written", p.ref}} {
			b.Run(p.name+"/"+v.name, func(b *testing.B) {
				m := compileSourceTB(b, glmDataBlock+v.src, js)
				k := m.NewKernel()
				q := randomPoint(rand.New(rand.NewPCG(1, 2)), k.Dim())
				g := make([]float64, k.Dim())
				b.ReportAllocs()
				for b.Loop() {
					k.LogDensityGrad(g, q)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
			})
		}
	}
}

// compileSourceTB compiles a model given as text with JSON data, for tests
// and benchmarks.
func compileSourceTB(t testing.TB, src, js string) *Model {
	t.Helper()
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	d, err := data.Load(p, "test.json", []byte(js))
	if err != nil {
		t.Fatalf("data: %v", err)
	}
	m, err := CompileModel(p, d)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return m
}
