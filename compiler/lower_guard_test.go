package compiler

import (
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// normal0 is log N(y | mu, sigma) without -log sqrt(2 pi), the summand `~`
// drops (Stan Functions Reference, "Normal distribution").
func normal0(y, mu, sigma float64) float64 {
	z := (y - mu) / sigma
	return -math.Log(sigma) - z*z/2
}

// TestGuardedIf compiles ifs on parameter-dependent conditions whose
// branches hold densities and partial functions, and checks the log
// density against the hand-written branchy function and its gradient
// against central differences of that function, at points on both sides
// of the condition. At the points where a branch is not taken it is
// undefined (log or sqrt of a negative, a negative scale): the gradient
// must still be exact, which an unguarded select fails (0 times a NaN
// partial is NaN).
func TestGuardedIf(t *testing.T) {
	cases := []struct {
		name, src, data string
		ref             func(q []float64) float64
		points          [][]float64
	}{
		{name: "assignment from sqrt",
			src: `parameters { real mu; }
model {
  real s;
  if (mu > 0) {
    s = sqrt(mu);
  } else {
    s = 0;
  }
  mu ~ normal(s, 1);
}`,
			ref: func(q []float64) float64 {
				s := 0.0
				if q[0] > 0 {
					s = math.Sqrt(q[0])
				}
				return normal0(q[0], s, 1)
			},
			points: [][]float64{{0.7}, {-0.5}, {2.5}}},
		{name: "mixture with a parameter-dependent branch",
			src: `data { int N; vector[N] y; }
parameters { real mu1; real mu2; real theta; }
model {
  theta ~ normal(0, 1);
  for (n in 1:N) {
    if (theta > 0.5) y[n] ~ normal(mu1, 1);
    else y[n] ~ normal(mu2, 1);
  }
}`, data: `{"N": 3, "y": [0.3, -1.2, 2.0]}`,
			ref: func(q []float64) float64 {
				lp := normal0(q[2], 0, 1)
				for _, y := range []float64{0.3, -1.2, 2.0} {
					if q[2] > 0.5 {
						lp += normal0(y, q[0], 1)
					} else {
						lp += normal0(y, q[1], 1)
					}
				}
				return lp
			},
			points: [][]float64{{0.1, -0.4, 0.9}, {0.1, -0.4, 0.2}, {1.5, 0.3, -2}}},
		{name: "density with a scale undefined where not taken",
			src: `data { vector[2] y; }
parameters { real mu; real sigma; }
model {
  if (sigma > 0) y ~ normal(mu, sigma);
  else target += -square(sigma);
}`, data: `{"y": [0.5, 1.5]}`,
			ref: func(q []float64) float64 {
				if q[1] > 0 {
					return normal0(0.5, q[0], q[1]) + normal0(1.5, q[0], q[1])
				}
				return -q[1] * q[1]
			},
			points: [][]float64{{0.2, 0.8}, {0.2, -0.8}, {-1, 1e-3 + 2}}},
		{name: "nested ifs guard on both conditions",
			src: `parameters { real a; real b; }
model {
  if (a > 0) {
    if (b < 1) target += sqrt(a) + b;
    else target += log(a) * b;
  } else {
    target += -square(a) - square(b);
  }
}`,
			ref: func(q []float64) float64 {
				a, b := q[0], q[1]
				switch {
				case a > 0 && b < 1:
					return math.Sqrt(a) + b
				case a > 0:
					return math.Log(a) * b
				}
				return -a*a - b*b
			},
			points: [][]float64{{0.5, 0.3}, {0.5, 1.3}, {-0.5, 0.3}, {-0.5, 1.3}}},
		{name: "if inside a vectorised loop reads a per-iteration local",
			src: `data { int N; vector[N] x; }
parameters { real c; real t; }
model {
  for (n in 1:N) {
    real m = c * x[n];
    if (t > 0) target += sqrt(m);
    else target += -square(m);
  }
}`, data: `{"N": 4, "x": [0.5, 1, 2, 3]}`,
			ref: func(q []float64) float64 {
				lp := 0.0
				for _, x := range []float64{0.5, 1, 2, 3} {
					m := q[0] * x
					if q[1] > 0 {
						lp += math.Sqrt(m)
					} else {
						lp += -m * m
					}
				}
				return lp
			},
			points: [][]float64{{0.4, 1}, {-0.4, -1}, {0.4, -1}}},
		{name: "foreach element in a condition",
			src: `parameters { vector[3] b; }
model {
  for (x in b) {
    if (x > 0) target += log(x);
    else target += x;
  }
}`,
			ref: func(q []float64) float64 {
				lp := 0.0
				for _, x := range q {
					if x > 0 {
						lp += math.Log(x)
					} else {
						lp += x
					}
				}
				return lp
			},
			points: [][]float64{{0.4, -0.2, 1.3}, {-1, -2, 0.5}}},
		{name: "function returning under a guarded if",
			src: `functions {
  real f(real x) {
    if (x > 0) return log(x);
    else return -x;
  }
}
parameters { real mu; }
model {
  mu ~ normal(f(mu), 1);
}`,
			ref: func(q []float64) float64 {
				f := -q[0]
				if q[0] > 0 {
					f = math.Log(q[0])
				}
				return normal0(q[0], f, 1)
			},
			points: [][]float64{{0.3}, {-0.3}}},
		{name: "profile blocks run as blocks",
			src: `parameters { real mu; }
model {
  profile("prior") {
    real s = 2;
    mu ~ normal(0, s);
  }
  profile("tail") {
    if (mu > 1) target += log(mu);
  }
}`,
			ref: func(q []float64) float64 {
				lp := -math.Log(2) - q[0]*q[0]/8 // a local of the model is not data, so ~ keeps -log s
				if q[0] > 1 {
					lp += math.Log(q[0])
				}
				return lp
			},
			points: [][]float64{{0.3}, {1.6}}},
		{name: "reject where taken",
			src: `parameters { real mu; }
model {
  if (mu > 1) reject("mu is too large: ", mu);
  mu ~ normal(0, 1);
}`,
			ref: func(q []float64) float64 {
				if q[0] > 1 {
					return math.Inf(-1)
				}
				return normal0(q[0], 0, 1)
			},
			points: [][]float64{{0.3}, {-0.6}, {1.5}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			if data == "" {
				data = "{}"
			}
			m := compileSource(t, c.src, data)
			checkAtPoints(t, m, c.ref, c.points)
		})
	}
}

// checkAtPoints compares the model's log density with ref at the points,
// and, where it is finite, its gradient with central differences of ref.
func checkAtPoints(t *testing.T, m *Model, ref func(q []float64) float64, points [][]float64) {
	t.Helper()
	k := m.NewKernel()
	g := make([]float64, m.Dim())
	for _, q := range points {
		lp, want := k.LogDensityGrad(g, q), ref(q)
		if math.IsInf(want, -1) {
			if !math.IsInf(lp, -1) && !math.IsNaN(lp) {
				t.Errorf("q %v: lp %v, want a rejection (-Inf)", q, lp)
			}
			continue
		}
		if math.Abs(lp-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("q %v: lp %.15g, reference %.15g", q, lp, want)
		}
		for i := range q {
			if fd := centralFD(ref, q, i); !(math.Abs(g[i]-fd) <= 1e-6*math.Max(1, math.Abs(fd))) {
				t.Errorf("q %v: d/dq[%d] = %.12g, finite difference of the reference %.12g", q, i, g[i], fd)
			}
		}
	}
}

// TestGuardedIfErrors: what a selected if still cannot do is refused with
// one positioned message.
func TestGuardedIfErrors(t *testing.T) {
	cases := []struct{ name, src, data, want string }{
		{"break leaves the branch", `data { int N; }
parameters { real mu; }
model {
  for (n in 1:N) {
    if (mu > n) break;
    mu ~ normal(n, 1);
  }
}`, `{"N": 3}`, "test.bym:5:5: bayes cannot compile `break` inside an if on the parameter-dependent condition `mu > n`"},
		{"fatal_error under a parameter-dependent if", `parameters { real mu; }
model {
  if (mu > 1) fatal_error("mu is ", mu);
  mu ~ normal(0, 1);
}`, "{}", "test.bym:3:15: bayes cannot compile fatal_error inside an if on a parameter-dependent condition"},
		{"fatal_error reached", `data { int N; }
parameters { real mu; }
model {
  profile("checks") {
    if (N > 2) fatal_error("N is ", N);
  }
  mu ~ normal(0, 1);
}`, `{"N": 3}`, "test.bym:5:16: the model stops here: fatal_error is reached with the data given"},
		{"while on a parameter", `parameters { real mu; }
model {
  real x = mu;
  while (x < 10) x = 2 * x;
  mu ~ normal(0, 1);
}`, "{}", "test.bym:4:10: bayes cannot compile a while loop whose condition depends on parameters: `x < 10`"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := lang.ParseAndCheck("test.bym", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.Load(p, "test.json", []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			_, err = CompileModel(p, d)
			if err == nil {
				t.Fatal("compiled; want an error")
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to start with\n%s", err, c.want)
			}
		})
	}
}
