package compiler

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// Each vectorised library function against the same computation written
// out element by element in the language (issue 21): the two models of a
// pair have the same parameters and give the same log density and gradient
// (TestVectorisedMatchesElementwise), and BenchmarkVectorised times one
// gradient of each, in the same run, so the vectorised form can be shown no
// slower than the loops it replaces.
//
// Where the function's result is not a scalar, both models of a pair feed
// it to the same consumer (a normal_lpdf against data, or a dot_product
// with data), so the pair differs only in how the result is computed.

// vecPair is a vectorised model and its elementwise form: params is the
// parameters block both share, vec and elem their model blocks.
type vecPair struct {
	name, params, vec, elem string
}

var vecPairs = []vecPair{
	{"dot_product", `parameters { vector[N] a; vector[N] b; }`,
		`model { target += dot_product(a, b); }`,
		`model { real s = 0; for (n in 1:N) s += a[n] * b[n]; target += s; }`},
	{"dot_self", `parameters { vector[N] a; }`,
		`model { target += -0.5 * dot_self(a); }`,
		`model { real s = 0; for (n in 1:N) s += a[n] * a[n]; target += -0.5 * s; }`},
	{"rows_dot_product", `parameters { matrix[N, K] B; }`,
		`model { target += normal_lpdf(y | rows_dot_product(X, B), 1); }`,
		`model {
  vector[N] r;
  for (n in 1:N) { real s = 0; for (k in 1:K) s += X[n, k] * B[n, k]; r[n] = s; }
  target += normal_lpdf(y | r, 1);
}`},
	{"columns_dot_product", `parameters { matrix[N, K] B; }`,
		`model { target += normal_lpdf(z | columns_dot_product(X, B), 1); }`,
		`model {
  row_vector[K] r;
  for (k in 1:K) { real s = 0; for (n in 1:N) s += X[n, k] * B[n, k]; r[k] = s; }
  target += normal_lpdf(z | r, 1);
}`},
	{"rows_dot_self", `parameters { matrix[N, K] B; }`,
		`model { target += normal_lpdf(y | rows_dot_self(B), 1); }`,
		`model {
  vector[N] r;
  for (n in 1:N) { real s = 0; for (k in 1:K) s += B[n, k] * B[n, k]; r[n] = s; }
  target += normal_lpdf(y | r, 1);
}`},
	// The library has no columns_dot_self yet: columns_dot_product(B, B) is it.
	{"columns_dot_product_self", `parameters { matrix[N, K] B; }`,
		`model { target += normal_lpdf(z | columns_dot_product(B, B), 1); }`,
		`model {
  row_vector[K] r;
  for (k in 1:K) { real s = 0; for (n in 1:N) s += B[n, k] * B[n, k]; r[k] = s; }
  target += normal_lpdf(z | r, 1);
}`},
	{"matrix_vector", `parameters { vector[K] beta; }`,
		`model { target += normal_lpdf(y | X * beta, 1); }`,
		`model {
  vector[N] r;
  for (n in 1:N) { real s = 0; for (k in 1:K) s += X[n, k] * beta[k]; r[n] = s; }
  target += normal_lpdf(y | r, 1);
}`},
	{"matrix_matrix", `parameters { matrix[K, P] C; }`,
		`model { target += normal_lpdf(to_vector(Y) | to_vector(X * C), 1); }`,
		`model {
  matrix[N, P] r;
  for (n in 1:N) for (p in 1:P) { real s = 0; for (k in 1:K) s += X[n, k] * C[k, p]; r[n, p] = s; }
  target += normal_lpdf(to_vector(Y) | to_vector(r), 1);
}`},
	{"matrix_matrix_parameters", `parameters { matrix[K, K] A; matrix[K, P] C; }`,
		`model { target += normal_lpdf(to_vector(W) | to_vector(A * C), 1); }`,
		`model {
  matrix[K, P] r;
  for (i in 1:K) for (p in 1:P) { real s = 0; for (k in 1:K) s += A[i, k] * C[k, p]; r[i, p] = s; }
  target += normal_lpdf(to_vector(W) | to_vector(r), 1);
}`},
	{"log_sum_exp", `parameters { vector[N] a; }`,
		`model { target += log_sum_exp(a); }`,
		`model { real s = 0; for (n in 1:N) s += exp(a[n]); target += log(s); }`},
	// The loop above overflows where an a[n] passes 709; log_sum_exp
	// does not. This is the same stable computation written out.
	{"log_sum_exp_stable", `parameters { vector[N] a; }`,
		`model { target += log_sum_exp(a); }`,
		`model { real m = max(a); real s = 0; for (n in 1:N) s += exp(a[n] - m); target += m + log(s); }`},
	{"sum", `parameters { vector[N] a; }`,
		`model { target += -0.5 * square(sum(a)); }`,
		`model { real s = 0; for (n in 1:N) s += a[n]; target += -0.5 * square(s); }`},
	{"softmax", `parameters { vector[N] a; }`,
		`model { target += dot_product(w, softmax(a)); }`,
		`model {
  real s = 0;
  vector[N] p;
  for (n in 1:N) s += exp(a[n]);
  for (n in 1:N) p[n] = exp(a[n]) / s;
  target += dot_product(w, p);
}`},
	{"log_softmax", `parameters { vector[N] a; }`,
		`model { target += dot_product(w, log_softmax(a)); }`,
		`model {
  real s = 0;
  vector[N] p;
  for (n in 1:N) s += exp(a[n]);
  for (n in 1:N) p[n] = a[n] - log(s);
  target += dot_product(w, p);
}`},
	{"log_softmax_stable", `parameters { vector[N] a; }`,
		`model { target += dot_product(w, log_softmax(a)); }`,
		`model {
  real m = max(a);
  real s = 0;
  vector[N] p;
  for (n in 1:N) s += exp(a[n] - m);
  for (n in 1:N) p[n] = a[n] - (m + log(s));
  target += dot_product(w, p);
}`},
	{"bernoulli_logit_glm", `parameters { real alpha; vector[K] beta; }`,
		`model { y01 ~ bernoulli_logit_glm(X, alpha, beta); }`,
		`model {
  for (n in 1:N) { real eta = alpha; for (k in 1:K) eta += X[n, k] * beta[k]; y01[n] ~ bernoulli_logit(eta); }
}`},
	{"poisson_log_glm", `parameters { real alpha; vector[K] beta; }`,
		`model { yc ~ poisson_log_glm(X, alpha, beta); }`,
		`model {
  for (n in 1:N) { real eta = alpha; for (k in 1:K) eta += X[n, k] * beta[k]; yc[n] ~ poisson_log(eta); }
}`},
	{"normal_id_glm", `parameters { real alpha; vector[K] beta; real<lower=0> sigma; }`,
		`model { y ~ normal_id_glm(X, alpha, beta, sigma); }`,
		`model {
  for (n in 1:N) { real eta = alpha; for (k in 1:K) eta += X[n, k] * beta[k]; y[n] ~ normal(eta, sigma); }
}`},
	{"neg_binomial_2_log_glm", `parameters { real alpha; vector[K] beta; real<lower=0> phi; }`,
		`model { yc ~ neg_binomial_2_log_glm(X, alpha, beta, phi); }`,
		`model {
  for (n in 1:N) { real eta = alpha; for (k in 1:K) eta += X[n, k] * beta[k]; yc[n] ~ neg_binomial_2_log(eta, phi); }
}`},
	{"ordered_logistic_glm", `parameters { vector[K] beta; ordered[3] c; }`,
		`model { yo ~ ordered_logistic_glm(X, beta, c); }`,
		`model {
  for (n in 1:N) { real eta = 0; for (k in 1:K) eta += X[n, k] * beta[k]; yo[n] ~ ordered_logistic(eta, c); }
}`},
	{"categorical_logit_glm", `parameters { vector[3] alpha; matrix[K, 3] beta; }`,
		`model { yk ~ categorical_logit_glm(X, alpha, beta); }`,
		`model {
  for (n in 1:N) {
    vector[3] eta;
    for (c in 1:3) { real s = alpha[c]; for (k in 1:K) s += X[n, k] * beta[k, c]; eta[c] = s; }
    yk[n] ~ categorical_logit(eta);
  }
}`},
	{"quad_form", `parameters { matrix[K, K] A; vector[K] v; }`,
		`model { target += -0.5 * quad_form(A, v); }`,
		`model {
  real s = 0;
  for (i in 1:K) for (j in 1:K) s += v[i] * A[i, j] * v[j];
  target += -0.5 * s;
}`},
	{"diag_pre_multiply", `parameters { vector[K] tau; matrix[K, K] A; }`,
		`model { target += normal_lpdf(to_vector(diag_pre_multiply(tau, A)) | 0, 1); }`,
		`model {
  matrix[K, K] r;
  for (i in 1:K) for (j in 1:K) r[i, j] = tau[i] * A[i, j];
  target += normal_lpdf(to_vector(r) | 0, 1);
}`},
	{"multi_normal_cholesky", `parameters { vector[K] mu; cholesky_factor_corr[K] L; vector<lower=0>[K] tau; }`,
		`model { target += multi_normal_cholesky_lpdf(yv | mu, diag_pre_multiply(tau, L)); }`,
		`model {
  matrix[K, K] S = diag_pre_multiply(tau, L);
  real logdet = 0;
  for (i in 1:K) logdet += log(S[i, i]);
  for (n in 1:N) {
    vector[K] u;
    real ss = 0;
    for (i in 1:K) {
      real s = yv[n][i] - mu[i];
      for (j in 1:(i - 1)) s += -S[i, j] * u[j];
      u[i] = s / S[i, i];
      ss += u[i] * u[i];
    }
    target += -0.5 * ss - logdet - 0.5 * K * log(2 * pi());
  }
}`},
	{"multi_normal_cholesky_loop", `parameters { vector[K] mu; cholesky_factor_corr[K] L; vector<lower=0>[K] tau; }`,
		`model { yv ~ multi_normal_cholesky(mu, diag_pre_multiply(tau, L)); }`,
		`model {
  matrix[K, K] S = diag_pre_multiply(tau, L);
  for (n in 1:N) yv[n] ~ multi_normal_cholesky(mu, S);
}`},
	{"normal_lpdf", `parameters { vector[N] mu; real<lower=0> sigma; }`,
		`model { target += normal_lpdf(y | mu, sigma); }`,
		`model { for (n in 1:N) target += normal_lpdf(y[n] | mu[n], sigma); }`},
	{"normal_tilde", `parameters { vector[N] mu; real<lower=0> sigma; }`,
		`model { y ~ normal(mu, sigma); }`,
		`model { for (n in 1:N) y[n] ~ normal(mu[n], sigma); }`},
}

// vecDataBlock is the data block of every pair: an N x K design matrix X,
// outcomes y (real), y01 (binary), yc (counts), yo (four ordered
// categories), yk (three categories), weights w, a row vector z of K
// values, data matrices Y (N x P) and W (K x P), and N vectors yv of K
// values.
const vecDataBlock = `
data {
  int<lower=1> N;
  int<lower=1> K;
  int<lower=1> P;
  matrix[N, K] X;
  vector[N] y;
  array[N] int<lower=0, upper=1> y01;
  array[N] int<lower=0> yc;
  array[N] int<lower=1, upper=4> yo;
  array[N] int<lower=1, upper=3> yk;
  vector[N] w;
  row_vector[K] z;
  matrix[N, P] Y;
  matrix[K, P] W;
  array[N] vector[K] yv;
}
`

// vecData draws the data of vecDataBlock with seed: X standard normal, the
// outcomes from regressions on η = Σ_k X[n,k]·(k mod 3 − 1)/2, the rest
// standard normal.
func vecData(t testing.TB, seed uint64, n, k, p int) string {
	r := rand.New(rand.NewPCG(seed, 21))
	normals := func(m int) []float64 {
		v := make([]float64, m)
		for i := range v {
			v[i] = r.NormFloat64()
		}
		return v
	}
	matrix := func(rows, cols int) [][]float64 {
		m := make([][]float64, rows)
		for i := range m {
			m[i] = normals(cols)
		}
		return m
	}
	x := matrix(n, k)
	y, y01, yc, yo, yk := make([]float64, n), make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for i := range x {
		eta := 0.3
		for j, xij := range x[i] {
			eta += xij * float64(j%3-1) / 2
		}
		y[i] = eta + r.NormFloat64()
		if r.Float64() < 1/(1+math.Exp(-eta)) {
			y01[i] = 1
		}
		yc[i] = int(math.Exp(0.3*eta) * 3 * r.Float64())
		zeta := eta + r.NormFloat64()
		yo[i] = 1 + min(3, max(0, int(zeta+2)))
		yk[i] = 1 + min(2, max(0, int(zeta+1.5)))
	}
	js, err := json.Marshal(map[string]any{
		"N": n, "K": k, "P": p, "X": x, "y": y, "y01": y01, "yc": yc, "yo": yo, "yk": yk,
		"w": normals(n), "z": normals(k), "Y": matrix(n, p), "W": matrix(k, p), "yv": matrix(n, k),
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

// TestVectorisedMatchesElementwise compiles both models of each pair with
// the same data and compares their log density and gradient at three
// random points to 1e-9 relative (to max(1, |value|)): the pairs
// BenchmarkVectorised times compute the same thing.
func TestVectorisedMatchesElementwise(t *testing.T) {
	js := vecData(t, 1, 30, 4, 3)
	for _, p := range vecPairs {
		t.Run(p.name, func(t *testing.T) {
			vec := compileSourceTB(t, vecDataBlock+p.params+p.vec, js)
			elem := compileSourceTB(t, vecDataBlock+p.params+p.elem, js)
			if vec.Dim() != elem.Dim() {
				t.Fatalf("dimensions %d and %d", vec.Dim(), elem.Dim())
			}
			kv, ke := vec.NewKernel(), elem.NewKernel()
			rng := rand.New(rand.NewPCG(21, uint64(len(p.name))))
			gv, ge := make([]float64, vec.Dim()), make([]float64, elem.Dim())
			for range 3 {
				q := randomPoint(rng, vec.Dim())
				lv, le := kv.LogDensityGrad(gv, q), ke.LogDensityGrad(ge, q)
				if !near9(lv, le) {
					t.Errorf("log density %.17g, elementwise %.17g", lv, le)
				}
				for i := range gv {
					if !near9(gv[i], ge[i]) {
						t.Errorf("d/dq[%d] = %.17g, elementwise %.17g", i, gv[i], ge[i])
					}
				}
			}
		})
	}
}

func near9(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) && !math.IsNaN(a) && !math.IsNaN(b)
}

// BenchmarkVectorised times one log density and gradient of each pair's
// vectorised and elementwise models, one after the other in the same run,
// at N = 500 rows, K = 10 columns and P = 3 outcomes. Besides wall time per
// gradient it reports the thread's CPU time per gradient (cpu-ns/op),
// which a loaded machine disturbs less.
func BenchmarkVectorised(b *testing.B) {
	js := vecData(b, 2, 500, 10, 3)
	for _, p := range vecPairs {
		for _, v := range []struct{ name, src string }{{"vectorised", p.vec}, {"elementwise", p.elem}} {
			b.Run(p.name+"/"+v.name, func(b *testing.B) {
				benchKernel(b, compileSourceTB(b, vecDataBlock+p.params+v.src, js))
			})
		}
	}
}
