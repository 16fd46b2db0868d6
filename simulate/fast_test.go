package simulate_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

// TestFastPath runs generated quantities by the scalar fast path (fast.go)
// and by the general path, and wants the same values, bit for bit, and the
// same error, message and place: int and real arithmetic, elements read and
// written in place (row-major offsets into matrices and arrays of vectors),
// compound assignments, ?:, && and || that skip their right side, loop
// variables kept past a call, user functions (their own frames, a
// recursive one included), an index drawn at random in x op= y (drawn
// twice, as the general path does), and each error the fast path raises.
// An error case names the message it must give, so that a case cannot
// pass by both paths failing alike for another reason.
func TestFastPath(t *testing.T) {
	cases := []struct{ name, body, wantErr string }{
		{"arithmetic", `
  real a = 7 / 2 + 7.0 / 2 - (-3) % 2 + 2 ^ 3 - -mu;
  int b = -7 / 2;
  int c = -7 % 3;
  real d = mu * k[2] - y[k[1]] / 3;
  int e = !N + !0 + (N == 3) + (mu != 0.5) + (N < 3) + (N <= 3) + (mu > 0) + (N >= 4);
  real r = k[1];
  real s = 0;
  s += k[2];
  s *= 1.5;
  s -= mu;
  s /= 3;
  int i = 5;
  i *= N;
  i /= 2;`, ""},
		{"elements in place", `
  matrix[2, 3] A = rep_matrix(0, 2, 3);
  array[2, 3] int B;
  array[2] vector[3] V;
  array[2] row_vector[3] W;
  for (i in 1:2) {
    for (j in 1:3) {
      A[i, j] += i * 10 + j;
      B[i, j] = i * 10 + j;
      V[i, j] = A[i, j] * mu;
      W[i][j] = V[i, j] + B[i, j];
    }
  }
  real t = A[2, 1] + B[1, 3] + V[2, 2] + W[1, 2];`, ""},
		{"an index drawn in x op= y", `
  vector[3] cnt = rep_vector(0, 3);
  for (t in 1:30) cnt[categorical_rng([0.2, 0.3, 0.5]')] += t;`, ""}, // drawn twice, for the read and for the store
		{"conditions", `
  real e = mu > 0 ? 1 : 2.5;
  int f = N > 2 ? N : 0;
  real half = (N > 2 ? N : 0.5) / 2;
  int g = (N > 5) && (N / (N - 3) > 0);
  int h = (N < 5) || (N / (N - 3) > 0);
  real w = 10;
  int n = 0;
  while (w > 1) {
    w /= 2;
    n += 1;
  }
  if (w) n += 100;
  if (!(w > 1)) n += 1000;`, ""},
		{"loop variables", `
  array[3] int ids;
  array[3] int kept;
  real sum = 0;
  for (i in 1:3) {
    int j = same(i);
    ids[i] = same(i);
    kept[i] = j;
    for (m in i:3) sum += m * y[i];
  }
  for (x in y) sum += x;`, ""},
		{"user functions", `
  int f10 = fib(10);
  real sc = scaled(y, mu) + scaled(y, k[1]);`, ""},
		{"int overflow in +=", `
  int big = 2147483647;
  big += N - 2;`, "test.bym:25:3: generated quantities: integer overflow: 2147483648 does not fit"},
		{"int overflow in +", `
  int o = 2147483647 + N;`, "test.bym:24:11: generated quantities: integer overflow: 2147483650 does not fit"},
		{"int overflow in -", `
  int mn = -2147483647 - 1;
  int neg = -mn;`, "test.bym:25:13: generated quantities: integer overflow: 2147483648 does not fit"},
		{"division by zero", `
  int z = N / (N - 3);`, "test.bym:24:11: generated quantities: integer division by zero in N / (N - 3)"},
		{"division by zero in %/%", `
  int q = 5 %/% (N - 3);`, "test.bym:24:11: generated quantities: integer division by zero in 5 %/% (N - 3)"},
		{"division by zero in compound", `
  int q = 5;
  q /= (N - 3);`, "test.bym:25:3: generated quantities: integer division by zero in q / (N - 3)"},
		{"index out of range read", `
  real bad = y[N + 1];`, "index N + 1 = 4 is out of range in y[N + 1]: the size is 3"},
		{"index out of range written", `
  vector[3] v2;
  v2[N + 1] = 1;`, "index N + 1 = 4 is out of range in v2[N + 1]: the size is 3"},
		{"second index out of range", `
  matrix[2, 2] M;
  M[1, k[1]] = 0;`, "index k[1] = 3 is out of range in M[1, k[1]]: the size is 2"},
		{"index out of range in +=", `
  vector[3] v3 = y;
  v3[k[2] - 1] += 1;`, "index k[2] - 1 = 0 is out of range in v3[k[2] - 1]: the size is 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := fmt.Sprintf(`functions {
  int same(int i) { return i; }
  int fib(int n) {
    if (n < 2) return n;
    int s = 0;
    for (k in 1:2) s += fib(n - k);
    return s;
  }
  real scaled(vector v, real c) {
    real t = 0;
    for (i in 1:rows(v)) t += v[i] * c;
    return t;
  }
}
data {
  int N;
  vector[N] y;
  array[N] int k;
}
parameters { real mu; }
model { mu ~ normal(0, 1); }
generated quantities {
  real out = 0;%s
}`, c.body)
			p, d := loadSource(t, src, `{"N": 3, "y": [1, 2, 4], "k": [3, 1, 2]}`)
			run := func(general bool) ([]float64, error) {
				g, err := simulate.NewGenerator(p, d.Vars)
				if err != nil {
					t.Fatal(err)
				}
				if general {
					simulate.General(g)
				}
				out := make([]float64, len(g.GQNames()))
				err = g.Run(rand.New(rand.NewPCG(1, 1)), []float64{0.7}, out)
				if err != nil {
					err = p.InFile(err)
				}
				return out, err
			}
			fast, fastErr := run(false)
			general, generalErr := run(true)
			if fmt.Sprint(fastErr) != fmt.Sprint(generalErr) {
				t.Fatalf("fast path: %v\ngeneral path: %v", fastErr, generalErr)
			}
			if c.wantErr != "" && (fastErr == nil || !strings.Contains(fastErr.Error(), c.wantErr)) {
				t.Fatalf("got %v, want %s", fastErr, c.wantErr)
			}
			if c.wantErr == "" && fastErr != nil {
				t.Fatal(fastErr)
			}
			for i := range fast {
				if math.Float64bits(fast[i]) != math.Float64bits(general[i]) {
					t.Errorf("element %d: fast path %v, general path %v", i, fast[i], general[i])
				}
			}
		})
	}
}
