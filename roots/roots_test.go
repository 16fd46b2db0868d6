package roots

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// systems with known roots
var systems = []struct {
	name  string
	f     func(y, f []float64)
	jac   func(y, j []float64)
	guess []float64
	root  []float64
}{
	{
		// y1² + y2² = 5, y1 = 2 y2: the root (2, 1) from the positive quadrant
		"circle and line",
		func(y, f []float64) { f[0], f[1] = y[0]*y[0]+y[1]*y[1]-5, y[0]-2*y[1] },
		func(y, j []float64) { j[0], j[1], j[2], j[3] = 2*y[0], 2*y[1], 1, -2 },
		[]float64{1, 1}, []float64{2, 1},
	},
	{
		// Rosenbrock's function as a system (MINPACK's test problem 1):
		// the root (1, 1) from (−1.2, 1), where a full Newton step overshoots
		"rosenbrock",
		func(y, f []float64) { f[0], f[1] = 10*(y[1]-y[0]*y[0]), 1-y[0] },
		func(y, j []float64) { j[0], j[1], j[2], j[3] = -20*y[0], 10, -1, 0 },
		[]float64{-1.2, 1}, []float64{1, 1},
	},
	{
		// Powell's badly scaled function (MINPACK's test problem 3):
		// 10⁴ y1 y2 = 1, e^{−y1} + e^{−y2} = 1.0001, root ≈ (1.0981593e-5, 9.1061467)
		"powell badly scaled",
		func(y, f []float64) { f[0], f[1] = 1e4*y[0]*y[1]-1, math.Exp(-y[0])+math.Exp(-y[1])-1.0001 },
		func(y, j []float64) { j[0], j[1], j[2], j[3] = 1e4*y[1], 1e4*y[0], -math.Exp(-y[0]), -math.Exp(-y[1]) },
		[]float64{0, 1}, []float64{1.098159329699759e-05, 9.106146739866630},
	},
}

// TestSolvers: both methods find each root, polished to rounding.
func TestSolvers(t *testing.T) {
	for _, s := range systems {
		for _, m := range []struct {
			name string
			run  func(*Problem, []float64) ([]float64, error)
			tol1 float64
		}{{"newton", Newton, 1e-3}, {"powell", Powell, 1e-10}} {
			t.Run(s.name+"/"+m.name, func(t *testing.T) {
				p := &Problem{N: 2, F: s.f, Jac: s.jac, Tol1: m.tol1, Ftol: 1e-6, MaxSteps: 200}
				y, err := m.run(p, s.guess)
				if err != nil {
					t.Fatal(err)
				}
				for i := range y {
					if math.Abs(y[i]-s.root[i]) > 1e-9*math.Abs(s.root[i]) {
						t.Errorf("y[%d] = %.16g, want %.16g", i, y[i], s.root[i])
					}
				}
			})
		}
	}
}

// TestSolverFailures: what each method reports when it cannot solve.
func TestSolverFailures(t *testing.T) {
	noRoot := func(y, f []float64) { f[0] = y[0]*y[0] + 1 } // y² + 1 = 0
	noRootJ := func(y, j []float64) { j[0] = 2 * y[0] }
	for _, c := range []struct {
		name string
		run  func(*Problem, []float64) ([]float64, error)
		p    Problem
		want string
	}{
		{"newton no root", Newton, Problem{N: 1, F: noRoot, Jac: noRootJ, Tol1: 1e-3, Ftol: 1e-6, MaxSteps: 200}, ""},
		{"powell no root", Powell, Problem{N: 1, F: noRoot, Jac: noRootJ, Tol1: 1e-10, Ftol: 1e-6, MaxSteps: 200}, ""},
		{"newton max steps", Newton, Problem{N: 2, F: systems[1].f, Jac: systems[1].jac, Tol1: 1e-12, Ftol: 1e-12, MaxSteps: 1}, "max_num_steps"},
		{"powell max steps", Powell, Problem{N: 2, F: systems[1].f, Jac: systems[1].jac, Tol1: 1e-12, Ftol: 1e-12, MaxSteps: 2}, "max_num_steps"},
		{"bad tolerance", Newton, Problem{N: 1, F: noRoot, Jac: noRootJ, Tol1: 1e-3, Ftol: -1, MaxSteps: 200}, "function_tolerance is -1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			guess := []float64{0.5, 0.5}[:c.p.N]
			y, err := c.run(&c.p, guess)
			if err == nil {
				t.Fatalf("y = %v, want an error", y)
			}
			if c.want == "max_num_steps" && !errors.Is(err, ErrMaxSteps) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
