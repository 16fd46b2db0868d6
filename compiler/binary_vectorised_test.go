package compiler

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// The vectorised binary functions (library/funcs/vectorised.go: two
// containers of one shape, or a scalar and a container) against the same
// calls written out element by element: each pair's two models share
// their data and parameters and must give the same log density and
// gradient (the ops are the scalar calls' ops, broadcast, so the values
// agree to rounding of the sums' order).

const binVecData = `
data {
  int<lower=1> N;
  vector<lower=0>[N] w;
  array[N] int<lower=0, upper=2> ns;
}
parameters {
  vector<lower=0>[N] a;
  vector<lower=0>[N] b;
  real<lower=0> s;
  matrix<lower=0>[2, 3] M;
  array[2] vector<lower=0>[N] av;
  array[N] real<lower=0> r;
  row_vector<lower=0>[N] rv;
}
`

const binVecJSON = `{"N": 4, "w": [0.5, 1.5, 2.5, 0.25], "ns": [0, 1, 2, 1]}`

// binVecPairs: name, the vectorised model block, the elementwise one.
var binVecPairs = []struct{ name, vec, elem string }{
	{"atan2 vector vector", `target += sum(atan2(a, b));`, `for (n in 1:N) target += atan2(a[n], b[n]);`},
	{"hypot scalar vector", `target += sum(hypot(s, a));`, `for (n in 1:N) target += hypot(s, a[n]);`},
	{"pow matrix scalar", `target += sum(pow(M, s));`, `for (i in 1:2) for (j in 1:3) target += pow(M[i, j], s);`},
	{"lbeta array of vectors scalar", `array[2] vector[N] x = lbeta(av, s); for (i in 1:2) target += sum(x[i]);`,
		`for (i in 1:2) for (n in 1:N) target += lbeta(av[i, n], s);`},
	{"log_diff_exp vector vector", `target += sum(log_diff_exp(a + 1, a));`, `for (n in 1:N) target += log_diff_exp(a[n] + 1, a[n]);`},
	{"fmax vector data", `target += sum(fmax(a, w));`, `for (n in 1:N) target += fmax(a[n], w[n]);`},
	{"fmin data scalar", `target += sum(fmin(w, s));`, `for (n in 1:N) target += fmin(w[n], s);`},
	{"bessel_first_kind ints vector", `target += sum(bessel_first_kind(ns, a));`, `for (n in 1:N) target += bessel_first_kind(ns[n], a[n]);`},
	{"modified_bessel_first_kind int row_vector", `target += sum(modified_bessel_first_kind(1, rv));`, `for (n in 1:N) target += modified_bessel_first_kind(1, rv[n]);`},
	{"log_modified_bessel_first_kind data vector", `target += sum(log_modified_bessel_first_kind(w, a));`, `for (n in 1:N) target += log_modified_bessel_first_kind(w[n], a[n]);`},
	{"falling_factorial vector ints", `target += sum(falling_factorial(a + 3, ns));`, `for (n in 1:N) target += falling_factorial(a[n] + 3, ns[n]);`},
	{"rising_factorial array int", `target += sum(rising_factorial(r, 2));`, `for (n in 1:N) target += rising_factorial(r[n], 2);`},
	{"log_falling_factorial array array", `target += sum(log_falling_factorial(to_array_1d(a + 3), r));`, `for (n in 1:N) target += log_falling_factorial(a[n] + 3, r[n]);`},
	{"log_rising_factorial vector scalar", `target += sum(log_rising_factorial(a, s));`, `for (n in 1:N) target += log_rising_factorial(a[n], s);`},
	{"owens_t row_vector scalar", `target += sum(owens_t(rv, s));`, `for (n in 1:N) target += owens_t(rv[n], s);`},
	{"gamma_q data vector", `target += sum(gamma_q(w, a));`, `for (n in 1:N) target += gamma_q(w[n], a[n]);`},
	{"gamma_p scalar data vector", `target += sum(gamma_p(2.5, a));`, `for (n in 1:N) target += gamma_p(2.5, a[n]);`},
	{"log_inv_logit_diff vector vector", `target += sum(log_inv_logit_diff(a + 1, a));`, `for (n in 1:N) target += log_inv_logit_diff(a[n] + 1, a[n]);`},
	{"fmod vector scalar", `target += sum(fmod(a, s + 5));`, `for (n in 1:N) target += fmod(a[n], s + 5);`},
	{"lchoose vector vector", `target += sum(lchoose(a + b + 1, b));`, `for (n in 1:N) target += lchoose(a[n] + b[n] + 1, b[n]);`},
	{"binomial_coefficient_log array scalar", `target += sum(binomial_coefficient_log(r, 0.5));`, `for (n in 1:N) target += binomial_coefficient_log(r[n], 0.5);`},
	{"log_sum_exp vector vector", `target += sum(log_sum_exp(a, b));`, `for (n in 1:N) target += log_sum_exp(a[n], b[n]);`},
	{"lbeta matrix matrix", `target += sum(lbeta(M, M + 1));`, `for (i in 1:2) for (j in 1:3) target += lbeta(M[i, j], M[i, j] + 1);`},
}

// TestBinaryVectorisedMatchesElementwise compares each pair's log density
// and gradient at three random points to 1e-9 relative.
func TestBinaryVectorisedMatchesElementwise(t *testing.T) {
	for _, p := range binVecPairs {
		t.Run(strings.ReplaceAll(p.name, " ", "_"), func(t *testing.T) {
			vec := compileSourceTB(t, binVecData+"model {\n"+p.vec+"\n}\n", binVecJSON)
			elem := compileSourceTB(t, binVecData+"model {\n"+p.elem+"\n}\n", binVecJSON)
			kv, ke := vec.NewKernel(), elem.NewKernel()
			rng := rand.New(rand.NewPCG(15, uint64(len(p.name))))
			gv, ge := make([]float64, vec.Dim()), make([]float64, elem.Dim())
			nonzero := false
			for range 3 {
				q := randomPoint(rng, vec.Dim())
				lv, le := kv.LogDensityGrad(gv, q), ke.LogDensityGrad(ge, q)
				if !near9(lv, le) {
					t.Errorf("log density %.17g, elementwise %.17g", lv, le)
				}
				for i := range gv {
					nonzero = nonzero || gv[i] != 0
					if !near9(gv[i], ge[i]) {
						t.Errorf("d/dq[%d] = %.17g, elementwise %.17g", i, gv[i], ge[i])
					}
				}
			}
			if !nonzero {
				t.Error("the gradient is zero everywhere: the pair tests no parameter")
			}
		})
	}
}

// TestBinaryVectorisedSizeMismatch: two containers of one type but
// different sizes are refused at the call, naming both sizes.
func TestBinaryVectorisedSizeMismatch(t *testing.T) {
	for _, c := range []struct{ decl, local, js, want string }{
		{"vector[3] x; vector[4] y;", "vector[3] z = atan2(x, y);", `{"x": [1, 2, 3], "y": [1, 2, 3, 4]}`,
			"test.bym:3:23: size mismatch in atan2: argument 1 (vector[3]) has length 3, but argument 2 (vector[4]) has length 4"},
		{"matrix[2, 3] x; matrix[2, 2] y;", "matrix[2, 3] z = pow(x, y);", `{"x": [[1, 2, 3], [4, 5, 6]], "y": [[1, 2], [3, 4]]}`,
			"test.bym:3:26: size mismatch in pow: argument 1 (matrix[2, 3]) has 3 columns, but argument 2 (matrix[2, 2]) has 2 columns"},
		{"array[2] vector[1] x; array[3] vector[1] y;", "array[2] vector[1] z = hypot(x, y);", `{"x": [[1], [2]], "y": [[1], [2], [3]]}`,
			"test.bym:3:32: size mismatch in hypot: argument 1 (array[2] vector[1]) has array size 2, but argument 2 (array[3] vector[1]) has array size 3"},
		{"array[1, 2] real x; array[1, 3] real y;", "array[1, 2] real z = fmax(x, y);", `{"x": [[1, 2]], "y": [[1, 2, 3]]}`,
			"test.bym:3:30: size mismatch in fmax: argument 1 (array[1, 2] real) has size 2 in array dimension 2, but argument 2 (array[1, 3] real) has size 3 in array dimension 2"},
	} {
		t.Run(c.local, func(t *testing.T) {
			src := "data { " + c.decl + " }\nparameters { real mu; }\nmodel { " + c.local + " mu ~ normal(0, 1); }\n"
			p, err := lang.ParseAndCheck("test.bym", []byte(src))
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			d, err := data.Load(p, "test.json", []byte(c.js))
			if err != nil {
				t.Fatalf("data: %v", err)
			}
			_, err = CompileModel(p, d)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %q\n%s", err, c.want, src)
			}
		})
	}
}
