package simulate_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

const tdataModel = `data {
  int N;
  vector[N] y;
}
transformed data {
  int K = N + 1;
  matrix[2, N] M;
  M[1] = y';
  M[2] = 2 * y';
  {
    real local = 1;
  }
}
parameters {
  real mu;
  real<lower=0> sigma;
}
transformed parameters {
  vector[N] z = (y - mu) / sigma;
}
model {
  y ~ normal(mu, sigma);
  mu ~ normal(0, K);
}
`

func loadSource(t testing.TB, src, js string) (*lang.Program, *data.Data) {
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

// TestTransformedData: the block's top-level variables come back by name,
// typed and shaped as data are (a matrix row-major), and nothing else does.
func TestTransformedData(t *testing.T) {
	p, d := loadSource(t, tdataModel, `{"N": 3, "y": [1, 2, 4]}`)
	td, err := simulate.TransformedData(p, d.Vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(td) != 2 {
		t.Errorf("%d values, want K and M", len(td))
	}
	if k := td["K"]; k == nil || k.Type != lang.Int || len(k.Shape) != 0 || !slices.Equal(k.Ints, []int{4}) {
		t.Errorf("K = %+v, want the int 4", k)
	}
	if m := td["M"]; m == nil || m.Type != lang.Matrix || !slices.Equal(m.Shape, []int{2, 3}) || !slices.Equal(m.Reals, []float64{1, 2, 4, 2, 4, 8}) {
		t.Errorf("M = %+v, want the 2 x 3 matrix [[1, 2, 4], [2, 4, 8]] by rows", m)
	}
}

// TestTransformedDataErrorPositioned: an error is a *lang.Error at its
// place, a reject included, with the block named.
func TestTransformedDataErrorPositioned(t *testing.T) {
	src := strings.Replace(tdataModel, "  int K = N + 1;", `  int K = N + 1;
  if (K > 3) reject("K is ", K);`, 1)
	p, d := loadSource(t, src, `{"N": 3, "y": [1, 2, 4]}`)
	_, err := simulate.TransformedData(p, d.Vars, nil)
	want := "test.bym:7:14: transformed data: reject: K is 4"
	if err == nil || !strings.HasPrefix(p.InFile(err).Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestLogDensity: the model block's log density with every constant, and
// the transformed parameters, for y = (1, 2, 4), mu = 1, sigma = 2, K = 4:
// Σ normal_lpdf(y | 1, 2) + normal_lpdf(1 | 0, 4), z = (y - 1)/2.
func TestLogDensity(t *testing.T) {
	p, d := loadSource(t, tdataModel, `{"N": 3, "y": [1, 2, 4]}`)
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	lpdf := func(y, mu, sigma float64) float64 {
		z := (y - mu) / sigma
		return -z*z/2 - math.Log(sigma) - math.Log(2*math.Pi)/2
	}
	tp := make([]float64, 3)
	lp, err := g.LogDensity([]float64{1, 2}, tp)
	if err != nil {
		t.Fatal(err)
	}
	want := lpdf(1, 1, 2) + lpdf(2, 1, 2) + lpdf(4, 1, 2) + lpdf(1, 0, 4)
	if math.Abs(lp-want) > 1e-14*math.Abs(want) {
		t.Errorf("log density %v, want %v", lp, want)
	}
	if !slices.Equal(tp, []float64{0, 0.5, 1.5}) {
		t.Errorf("z = %v, want [0 0.5 1.5]", tp)
	}
	// a second call starts from target = 0
	if lp2, err := g.LogDensity([]float64{1, 2}, tp); err != nil || lp2 != lp {
		t.Errorf("second call: %v, %v; want %v", lp2, err, lp)
	}
	if _, err := g.LogDensity([]float64{1}, tp); err == nil {
		t.Error("one parameter value for two: no error")
	}
}

// TestChainedIndexAssignment: `a[t][j] = e` stores into element j of a[t],
// as `a[t, j] = e` does (iohmm_reg's `unA[t][j] = ...`); a range inside
// keeps the two apart and is not flattened.
func TestChainedIndexAssignment(t *testing.T) {
	src := `data {
  int N;
}
transformed data {
  array[N] vector[2] a;
  array[N] vector[2] b;
  for (t in 1:N) {
    for (j in 1:2) {
      a[t][j] = 10 * t + j;
      b[t, j] = 10 * t + j;
    }
  }
}
parameters {
  real mu;
}
model {
  mu ~ normal(0, 1);
}
`
	p, d := loadSource(t, src, `{"N": 3}`)
	td, err := simulate.TransformedData(p, d.Vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{11, 12, 21, 22, 31, 32}
	if a, b := td["a"], td["b"]; !slices.Equal(a.Reals, want) || !slices.Equal(b.Reals, want) {
		t.Errorf("a = %v, b = %v, want both %v", a.Reals, b.Reals, want)
	}
}
