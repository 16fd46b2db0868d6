package simulate_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

func parse(t *testing.T, src, js string) (*lang.Program, *data.Data) {
	t.Helper()
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "test.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

// TestPriorErrors: each model is refused with a message naming the parameter and why.
func TestPriorErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no prior", "parameters { real a; real b; } model { b ~ normal(0, 1); }",
			`parameter "a" has no prior statement (~); prior predictive sampling needs a proper prior for every parameter`},
		{"only target", "parameters { real a; } model { target += -a^2; }",
			`parameter "a" has no prior statement (~), only target += statements`},
		{"two priors", "parameters { real a; } model {\n a ~ normal(0, 1);\n a ~ cauchy(0, 1);\n}",
			`parameter "a" has 2 prior statements (~), at lines 2 and 3; the prior is ambiguous`},
		{"simplex", "parameters { simplex[3] s; } model { s ~ normal(0, 1); }",
			`parameter "s" is a simplex with the prior normal at line 1, which does not generate one`},
		{"sum_to_zero_vector", "parameters { sum_to_zero_vector[3] z; } model { z ~ normal(0, 1); }",
			`parameter "z" is a sum_to_zero_vector with the prior normal at line 1, which does not generate one: bayes cannot draw a sum_to_zero_vector from a prior yet`},
		{"sum_to_zero_matrix", "parameters { sum_to_zero_matrix[2, 3] Z; } model { to_vector(Z) ~ normal(0, 1); }",
			`parameter "Z" is a sum_to_zero_matrix with the prior normal at line 1, which does not generate one: bayes cannot draw a sum_to_zero_matrix from a prior yet`},
		{"row_stochastic_matrix", "parameters { row_stochastic_matrix[2, 3] P; } model { to_vector(P) ~ exponential(1); }",
			`parameter "P" is a row_stochastic_matrix with the prior exponential at line 1, which does not generate one: bayes cannot draw a row_stochastic_matrix from a prior yet`},
		{"column_stochastic_matrix", "parameters { column_stochastic_matrix[3, 2] Q; } model { to_vector(Q) ~ exponential(1); }",
			`parameter "Q" is a column_stochastic_matrix with the prior exponential at line 1, which does not generate one: bayes cannot draw a column_stochastic_matrix from a prior yet`},
		{"cycle", "parameters { real a; real b; } model { a ~ normal(b, 1); b ~ normal(a, 1); }",
			`parameter "a" could not be drawn`},
		{"ordered with vector args", "parameters { ordered[2] o; } model { o ~ normal([0, 1]', 1); }",
			`scalar arguments (iid)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, d := parse(t, tt.src, "{}")
			_, err := simulate.PriorPredictive(p, d.Vars, 3, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestPriorOrder: priors in any order, element-wise priors in a loop, an
// ordered vector (sorted iid draws), a bound that depends on a parameter,
// and an AR(1) simulated from its own simulated past.
func TestPriorOrder(t *testing.T) {
	src := `data { int T; array[T] real y; }
parameters {
  real<lower=0, upper=1> a;
  real<lower=0, upper=(1 - a)> b;
  array[3] real z;
  ordered[3] o;
}
model {
  for (k in 2:3) z[k] ~ normal(z[k - 1], 0.001);
  z[1] ~ normal(b, 0.001);
  b ~ uniform(0, 1);
  a ~ beta(2, 2);
  o ~ normal(0, 1);
  y[1] ~ normal(0, 1);
  for (t in 2:T) y[t] ~ normal(y[t - 1] + 100, 0.001);
}`
	p, d := parse(t, src, `{"T": 3, "y": [0, 0, 0]}`)
	dr, err := simulate.PriorPredictive(p, d.Vars, 50, 9)
	if err != nil {
		t.Fatal(err)
	}
	a, b, z, o, y := dr.Lookup("a"), dr.Lookup("b"), dr.Lookup("z"), dr.Lookup("o"), dr.Lookup("y")
	for k := range dr.N {
		if b.Values[k] > 1-a.Values[k] || b.Values[k] < 0 {
			t.Fatalf("draw %d: b = %g outside [0, 1 - a = %g]", k, b.Values[k], 1-a.Values[k])
		}
		if d := z.Values[3*k+2] - b.Values[k]; d > 0.01 || d < -0.01 {
			t.Fatalf("draw %d: z[3] = %g, not near b = %g", k, z.Values[3*k+2], b.Values[k])
		}
		if !(o.Values[3*k] <= o.Values[3*k+1] && o.Values[3*k+1] <= o.Values[3*k+2]) {
			t.Fatalf("draw %d: o = %v not ordered", k, o.Values[3*k:3*k+3])
		}
		if d := y.Values[3*k+2] - y.Values[3*k] - 200; d > 0.1 || d < -0.1 {
			t.Fatalf("draw %d: y = %v, want y[3] = y[1] + 200", k, y.Values[3*k:3*k+3])
		}
	}
}

// TestReject: reject stops a run with its message.
func TestReject(t *testing.T) {
	p, d := parse(t, `parameters { real a; } generated quantities { if (a > 0) reject("a is ", a); }`, "{}")
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	err = g.Run(rand.New(rand.NewPCG(1, 1)), []float64{2}, nil)
	var re *simulate.RejectError
	if !errors.As(err, &re) || re.Msg != "a is 2" {
		t.Fatalf("error %v, want a reject with the message \"a is 2\"", err)
	}
	if err := g.Run(rand.New(rand.NewPCG(1, 1)), []float64{-2}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestObservationsNotNeeded: the simulated data's values are not read, so
// a Data without them works; other data are still needed.
func TestObservationsNotNeeded(t *testing.T) {
	p, d := parse(t, `data { int N; array[N] real s; array[N] real y; }
parameters { real mu; }
model { mu ~ normal(0, 1); y ~ normal(mu, s); }`, `{"N": 2, "s": [1, 2], "y": [0, 0]}`)
	delete(d.Vars, "y")
	dr, err := simulate.PriorPredictive(p, d.Vars, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if y := dr.Lookup("y"); y == nil || len(y.Values) != 10 {
		t.Fatalf("y draws %v, want 5 draws of 2", y)
	}
	delete(d.Vars, "s")
	if _, err := simulate.PriorPredictive(p, d.Vars, 5, 1); err == nil || !strings.Contains(err.Error(), `"s" has no value`) {
		t.Fatalf("error %v, want one naming s", err)
	}
}

// TestPriorMultivariate: to_vector(matrix) ~ on the left, a simplex from a
// dirichlet, and data simulated from multivariate and vectorised int families.
func TestPriorMultivariate(t *testing.T) {
	src := `data { int N; array[N] vector[2] y; array[N] int k; array[N] int c; }
parameters {
  matrix[2, 3] z;
  simplex[3] theta;
  cholesky_factor_corr[2] L;
}
model {
  to_vector(z) ~ std_normal();
  theta ~ dirichlet([1, 1, 1]');
  L ~ lkj_corr_cholesky(2);
  y ~ multi_normal_cholesky([0, 100]', L);
  k ~ ordered_logistic([-100, 100, -100, 100]', [-1, 1]');
  c ~ categorical(theta);
}`
	p, d := parse(t, src, `{"N": 4, "y": [[0, 0], [0, 0], [0, 0], [0, 0]], "k": [1, 1, 1, 1], "c": [1, 1, 1, 1]}`)
	dr, err := simulate.PriorPredictive(p, d.Vars, 20, 3)
	if err != nil {
		t.Fatal(err)
	}
	y, k, c, th := dr.Lookup("y"), dr.Lookup("k"), dr.Lookup("c"), dr.Lookup("theta")
	for i := range dr.N {
		for j := range 4 {
			if yy := y.Values[i*8+2*j+1]; yy < 90 || yy > 110 {
				t.Fatalf("draw %d: y[%d][2] = %g, want about 100", i, j+1, yy)
			}
			// eta = -100 gives 1, eta = 100 gives 3 (certainly).
			if want := float64(2*(j%2) + 1); k.Values[i*4+j] != want {
				t.Fatalf("draw %d: k[%d] = %g, want %g", i, j+1, k.Values[i*4+j], want)
			}
			if cc := c.Values[i*4+j]; cc < 1 || cc > 3 {
				t.Fatalf("draw %d: c[%d] = %g outside 1:3", i, j+1, cc)
			}
		}
		if s := th.Values[3*i] + th.Values[3*i+1] + th.Values[3*i+2]; math.Abs(s-1) > 1e-12 {
			t.Fatalf("draw %d: theta sums to %g", i, s)
		}
	}
	l := dr.Lookup("L").Values
	for i := range dr.N {
		if r2 := l[4*i+2]*l[4*i+2] + l[4*i+3]*l[4*i+3]; math.Abs(r2-1) > 1e-12 || l[4*i+1] != 0 || l[4*i] != 1 {
			t.Fatalf("draw %d: L = %v is not a Cholesky factor of a correlation matrix", i, l[4*i:4*i+4])
		}
	}
	if z := dr.Lookup("z"); math.IsNaN(z.Values[5]) {
		t.Fatal("z was not drawn")
	}
}
