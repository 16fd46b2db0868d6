package sampler

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestInitFailure(t *testing.T) {
	tests := []struct {
		name      string
		k         Kernel
		radius    float64
		inits     [][]float64
		attempts  int
		gradCoord int
		msg       []string // substrings the message must contain
	}{
		{"log density -Inf everywhere", negInfKernel{4}, 2, nil, 100, -1,
			[]string{"chain 1", "after 100 attempts", "uniform(-2, 2)", "log density was -Inf"}},
		{"NaN in gradient coordinate 3", nanGradKernel{5, 3}, 2, nil, 100, 3,
			[]string{"after 100 attempts", "gradient was NaN in unconstrained coordinate 3"}},
		{"radius 0 is tried once", negInfKernel{2}, 0, nil, 1, -1,
			[]string{"after 1 attempt ", "at zero"}},
		{"given inits are tried once", nanGradKernel{5, 3}, 2, [][]float64{{1, 2, 3, 4, 5}}, 1, 3,
			[]string{"after 1 attempt ", "at the given initial values", "coordinate 3"}},
		// CmdStan's partial inits: the coordinates left out are drawn, so
		// each attempt is a new point.
		{"partial inits are tried 100 times", negInfKernel{3}, 2, [][]float64{{1, math.NaN(), 3}}, 100, -1,
			[]string{"after 100 attempts", "at the given initial values, the others drawn uniform(-2, 2)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(1, 1) // one chain: which of several fails first is scheduling
			cfg.InitRadius, cfg.Inits = tc.radius, tc.inits
			_, err := collect(t, cfg, same(tc.k))
			t.Log(err)
			var ie *InitError
			if !errors.As(err, &ie) {
				t.Fatalf("Run: %v, want an *InitError", err)
			}
			if ie.Attempts != tc.attempts || ie.GradCoord != tc.gradCoord || ie.Chain != 1 {
				t.Errorf("got %+v, want %d attempts, gradient coordinate %d, chain 1", *ie, tc.attempts, tc.gradCoord)
			}
			if len(ie.Point) != tc.k.Dim() {
				t.Errorf("Point %v: want the last point tried, of length %d", ie.Point, tc.k.Dim())
			}
			ie.Term = "`x` at m.bym:1:1 is NaN"
			if tc.gradCoord < 0 && !strings.Contains(ie.Error(), "was "+fmtNum(ie.LogDensity)+": `x` at m.bym:1:1 is NaN") {
				t.Errorf("message %q does not name the term", ie.Error())
			}
			for _, s := range tc.msg {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
		})
	}
}

// TestInitValues checks where chains start: uniform(-R, R) draws, zeros for
// radius 0, and given values, through the first warmup draw's predecessor
// (the kernel records its first evaluation).
func TestInitValues(t *testing.T) {
	tests := []struct {
		name   string
		radius float64
		inits  [][]float64
		check  func(q []float64) bool
	}{
		{"radius 2", 2, nil, func(q []float64) bool {
			for _, v := range q {
				if !(math.Abs(v) < 2) {
					return false
				}
			}
			return q[0] != q[1]
		}},
		{"radius 0.01", 0.01, nil, func(q []float64) bool { return math.Abs(q[0]) < 0.01 && math.Abs(q[2]) < 0.01 }},
		{"radius 0", 0, nil, func(q []float64) bool { return q[0] == 0 && q[1] == 0 && q[2] == 0 }},
		{"given", 2, [][]float64{{7, 8, 9}}, func(q []float64) bool { return q[0] == 7 && q[1] == 8 && q[2] == 9 }},
		{"partial", 2, [][]float64{{7, math.NaN(), 9}}, func(q []float64) bool { return q[0] == 7 && math.Abs(q[1]) < 2 && q[1] != 0 && q[2] == 9 }},
		{"partial, radius 0", 0, [][]float64{{math.NaN(), 8, math.NaN()}}, func(q []float64) bool { return q[0] == 0 && q[1] == 8 && q[2] == 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(1, 3)
			cfg.InitRadius, cfg.Inits = tc.radius, tc.inits
			cfg.Warmup, cfg.Samples = 1, 0
			k := &firstPoint{}
			if _, err := collect(t, cfg, same(k)); err != nil {
				t.Fatal(err)
			}
			if !tc.check(k.q) {
				t.Errorf("initial point %v", k.q)
			}
		})
	}
}

// firstPoint is a standard normal that records where it was first evaluated.
type firstPoint struct{ q []float64 }

func (*firstPoint) Dim() int { return 3 }
func (k *firstPoint) LogDensityGrad(grad, q []float64) float64 {
	if k.q == nil {
		k.q = append([]float64(nil), q...)
	}
	return gaussKernel{unitScales(3)}.LogDensityGrad(grad, q)
}
