package bayes

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// stochasticModel has one of each of the matrix kinds of Stan 2.36 and
// 2.37, with dirichlet priors on the rows of P and the columns of Q and
// iid std normal on the elements of Z.
const stochasticModel = `parameters {
  row_stochastic_matrix[2, 3] P;
  column_stochastic_matrix[3, 2] Q;
  sum_to_zero_matrix[3, 4] Z;
}
model {
  P[1]' ~ dirichlet([1, 2, 3]');
  P[2]' ~ dirichlet([4, 1, 1]');
  col(Q, 1) ~ dirichlet([2, 2, 4]');
  col(Q, 2) ~ dirichlet([3, 1, 2]');
  to_vector(Z) ~ normal(0, 1);
}
`

// TestStochasticMatrices samples stochasticModel (4 chains of 1000 draws,
// fixed seed). Every draw's rows of P and columns of Q are nonnegative and
// sum to 1, and Z's rows and columns sum to 0, within 1e-12. Each element
// of P and Q has the mean of its dirichlet, α_k/α_0, within four Monte
// Carlo standard errors, sd/√4000 doubled for autocorrelation, with sd²
// = α_k(α_0-α_k)/(α_0²(α_0+1)) (Stan Functions Reference, "Dirichlet
// distribution"): so the rows and columns get the Jacobian of their
// simplexes, and a row is not mixed up with a column. Each element of Z has
// the variance (N-1)(M-1)/(NM) = 0.5 (the diagonal of the projection
// (I - 11'/3) ⊗ (I - 11'/4) onto the matrices with zero row and column
// sums, which the isometric transform with no Jacobian gives), within
// 0.1, about four standard errors of a variance from 4000 draws
// (0.5·√(2/4000) ≈ 0.011, doubled). A chain started from an init file
// starts there: the values go through the inverse transforms and back.
func TestStochasticMatrices(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"m.bym": stochasticModel,
		"init_1.json": `{"P": [[0.25, 0.25, 0.5], [0.6, 0.3, 0.1]], "Q": [[0.2, 0.5], [0.3, 0.25], [0.5, 0.25]],
			"Z": [[1, -2, 0.5, 0.5], [-0.5, 1.5, -1, 0], [-0.5, 0.5, 0.5, -0.5]]}`,
		"init_2.json": `{}`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 4, 500, 1000, 36
	run, err := Sample(context.Background(), Request{Model: filepath.Join(dir, "m.bym"), Sampler: cfg, Device: DeviceCPU})
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string, i, j int) int {
		k := slices.Index(run.Names, fmt.Sprintf("%s[%d,%d]", name, i, j))
		if k < 0 {
			t.Fatalf("no column %s[%d,%d] among %v", name, i, j, run.Names)
		}
		return k
	}
	// each line: its elements' columns, its dirichlet's α (nil for Z),
	// whether its elements' variances are checked (Z's rows: each once)
	type line struct {
		name     string
		cols     []int
		alpha    []float64
		variance bool
	}
	var lines []line
	for i, alpha := range [][]float64{{1, 2, 3}, {4, 1, 1}} {
		lines = append(lines, line{fmt.Sprintf("P[%d]", i+1), []int{col("P", i+1, 1), col("P", i+1, 2), col("P", i+1, 3)}, alpha, false})
	}
	for j, alpha := range [][]float64{{2, 2, 4}, {3, 1, 2}} {
		lines = append(lines, line{fmt.Sprintf("Q[:, %d]", j+1), []int{col("Q", 1, j+1), col("Q", 2, j+1), col("Q", 3, j+1)}, alpha, false})
	}
	for i := 1; i <= 3; i++ {
		lines = append(lines, line{fmt.Sprintf("Z[%d]", i), []int{col("Z", i, 1), col("Z", i, 2), col("Z", i, 3), col("Z", i, 4)}, nil, true})
	}
	for j := 1; j <= 4; j++ {
		lines = append(lines, line{fmt.Sprintf("Z[:, %d]", j), []int{col("Z", 1, j), col("Z", 2, j), col("Z", 3, j)}, nil, false})
	}
	n := float64(cfg.Chains * cfg.Samples)
	for _, l := range lines {
		want := 0.0 // the line's sum
		if l.alpha != nil {
			want = 1
		}
		sum := make([]float64, len(l.cols))
		ss := make([]float64, len(l.cols))
		for c := range cfg.Chains {
			for d := range cfg.Samples {
				total := 0.0
				for k, ck := range l.cols {
					x := run.Draws[ck][c][d]
					if l.alpha != nil && !(x >= 0) {
						t.Fatalf("%s: chain %d draw %d has element %d = %g", l.name, c+1, d+1, k+1, x)
					}
					total += x
					sum[k] += x
					ss[k] += x * x
				}
				if math.Abs(total-want) > 1e-12 {
					t.Fatalf("%s: chain %d draw %d sums to %.17g, want %g", l.name, c+1, d+1, total, want)
				}
			}
		}
		if l.alpha == nil {
			for k := range ss {
				if !l.variance {
					break
				}
				v := ss[k] / n
				t.Logf("%s element %d: variance %.4f", l.name, k+1, v)
				if math.Abs(v-0.5) > 0.1 {
					t.Errorf("%s element %d: variance %.3f, want 0.5 ± 0.1", l.name, k+1, v)
				}
			}
			continue
		}
		a0 := 0.0
		for _, a := range l.alpha {
			a0 += a
		}
		for k, a := range l.alpha {
			mean, sd := a/a0, math.Sqrt(a*(a0-a)/(a0*a0*(a0+1)))
			t.Logf("%s element %d: mean %.4f, dirichlet's %.4f", l.name, k+1, sum[k]/n, mean)
			if tol := 4 * 2 * sd / math.Sqrt(n); math.Abs(sum[k]/n-mean) > tol {
				t.Errorf("%s element %d: mean %.4f, want the dirichlet's %.4f ± %.4f", l.name, k+1, sum[k]/n, mean, tol)
			}
		}
	}

	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Stepsize, cfg.MaxTreeDepth = 2, 0, 1, 1e-9, 2
	run, err = Sample(context.Background(), Request{Model: filepath.Join(dir, "m.bym"), Sampler: cfg, Device: DeviceCPU,
		InitFile: filepath.Join(dir, "init.json")})
	if err != nil {
		t.Fatal(err)
	}
	starts := map[string][][]float64{
		"P": {{0.25, 0.25, 0.5}, {0.6, 0.3, 0.1}},
		"Q": {{0.2, 0.5}, {0.3, 0.25}, {0.5, 0.25}},
		"Z": {{1, -2, 0.5, 0.5}, {-0.5, 1.5, -1, 0}, {-0.5, 0.5, 0.5, -0.5}},
	}
	for name, rows := range starts {
		for i, r := range rows {
			for j, want := range r {
				if got := run.Draws[col(name, i+1, j+1)][0][0]; math.Abs(got-want) > 1e-6 {
					t.Errorf("%s[%d,%d] starts at %v, want %v (init_1.json)", name, i+1, j+1, got, want)
				}
			}
		}
	}
}
