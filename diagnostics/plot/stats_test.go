package plot

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

func TestACF(t *testing.T) {
	// By hand for 1, 2, 3, 4: deviations -1.5, -0.5, 0.5, 1.5, sum of
	// squares 5; lag 1: 0.75 - 0.25 + 0.75 = 1.25; lag 2: -0.75 - 0.75 =
	// -1.5; lag 3: -2.25.
	got := acf([]float64{1, 2, 3, 4}, 3)
	want := []float64{1, 0.25, -0.3, -0.45}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("acf lag %d = %v; want %v", i, got[i], want[i])
		}
	}
	if c := acf([]float64{2, 2, 2}, 2); !math.IsNaN(c[0]) {
		t.Errorf("acf of a constant = %v; want NaN", c)
	}
}

func TestKDE(t *testing.T) {
	// Silverman (1986) eq. 3.31 by hand for 1..5 (python3: sd = sqrt(2.5),
	// IQR = 4 - 2, 0.9 * min(sd, 2/1.34) * 5**-0.2).
	if h, want := silverman([]float64{1, 2, 3, 4, 5}), 0.9735846228506357; math.Abs(h-want) > 1e-14 {
		t.Errorf("silverman(1..5) = %v; want %v", h, want)
	}
	// Over half the draws tied: the IQR is 0 and the sd is used,
	// sd of {0,0,0,0,1} = sqrt(0.2).
	if h, want := silverman([]float64{0, 0, 0, 0, 1}), 0.9*math.Sqrt(0.2)*math.Pow(5, -0.2); math.Abs(h-want) > 1e-14 {
		t.Errorf("silverman(0,0,0,0,1) = %v; want %v", h, want)
	}
	if h := silverman([]float64{3, 3}); h != 0 {
		t.Errorf("silverman of a constant = %v; want 0", h)
	}
	// A density integrates to 1: trapezoid rule on a grid from 8 bandwidths
	// below to 8 above the data; the error is far below 1e-6.
	x := []float64{-1, 0.3, 0.5, 2, 2.2}
	h := silverman(x)
	lo, hi := -1-8*h, 2.2+8*h
	grid := make([]float64, 2001)
	for i := range grid {
		grid[i] = lo + (hi-lo)*float64(i)/2000
	}
	d := kde(grid, x, h)
	var area float64
	for i := 1; i < len(d); i++ {
		area += (d[i] + d[i-1]) / 2 * (grid[i] - grid[i-1])
	}
	if math.Abs(area-1) > 1e-6 {
		t.Errorf("KDE integrates to %v; want 1", area)
	}
}

func TestRankCounts(t *testing.T) {
	tests := []struct {
		name  string
		draws [][]float64
		bins  int
		want  [][]int
	}{
		{"separated", [][]float64{{1, 2}, {3, 4}}, 2, [][]int{{2, 0}, {0, 2}}},
		{"interleaved", [][]float64{{1, 3}, {2, 4}}, 2, [][]int{{1, 1}, {1, 1}}},
		// Ties get the average rank: 2, 2, 2 for the three 5s (ranks 1-3),
		// then 4; with 2 bins, ranks up to 2.x go to bin 0 ((r-1)*2/4 < 1).
		{"ties", [][]float64{{5, 5}, {5, 9}}, 2, [][]int{{2, 0}, {1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rankCounts(tt.draws, tt.bins)
			for c := range tt.want {
				for b := range tt.want[c] {
					if got[c][b] != tt.want[c][b] {
						t.Fatalf("rankCounts = %v; want %v", got, tt.want)
					}
				}
			}
		})
	}
}

func TestBinomialInterval(t *testing.T) {
	// Reference: the 0.5% and 99.5% quantiles of Binomial(n, p), computed
	// exactly in python3 by summing comb(n,k) p^k (1-p)^(n-k) until the
	// sum reaches the level (R's qbinom agrees by definition).
	tests := []struct {
		n      int
		p      float64
		lo, hi float64
	}{
		{500, 0.05, 13, 38},
		{25, 0.05, 0, 5},
	}
	for _, tt := range tests {
		lo, hi := binomialInterval(tt.n, tt.p, 0.99)
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("binomialInterval(%d, %g) = [%g, %g]; want [%g, %g]", tt.n, tt.p, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestRunFromStanCSV(t *testing.T) {
	chain := func(div, energy float64) *runfiles.StanCSV {
		return &runfiles.StanCSV{
			Columns: []string{"lp__", "divergent__", "energy__", "tau", "theta.1"},
			Draws:   [][]float64{{-1, 0, 3, 0.5, 1}, {-2, div, energy, 0.7, 2}},
		}
	}
	r, err := RunFromStanCSV([]string{"a.csv", "b.csv"}, []*runfiles.StanCSV{chain(1, 4), chain(0, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Names) != 2 || r.Names[0] != "tau" || r.Names[1] != "theta[1]" {
		t.Errorf("names %q; want [tau theta[1]]", r.Names)
	}
	if r.Draws[1][1][1] != 2 || !r.Divergent[0][1] || r.Divergent[1][1] || r.Energy[1][1] != 5 {
		t.Errorf("draws %v, divergent %v, energy %v", r.Draws, r.Divergent, r.Energy)
	}
	if _, err := Energy(r); err != nil {
		t.Errorf("Energy of a Stan CSV run: %v", err)
	}
	// Files without energy__ give a run without energy.
	a, b := chain(1, 4), chain(0, 5)
	a.Columns[2], b.Columns[2] = "stepsize__", "stepsize__"
	r, err = RunFromStanCSV([]string{"a.csv", "b.csv"}, []*runfiles.StanCSV{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if r.Energy != nil || r.Divergent == nil {
		t.Errorf("energy %v, divergent %v; want no energy, divergent kept", r.Energy, r.Divergent)
	}
	if _, err := Energy(r); err == nil {
		t.Error("Energy of a run without energy__ gave no error")
	}
}
