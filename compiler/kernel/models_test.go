package kernel

import (
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

// compileModel builds, differentiates, optimises (checking every pass) and
// compiles m.
func compileModel(t testing.TB, m irtest.Model) (*Kernel, *ir.Program) {
	t.Helper()
	p := m.Program(t)
	k, err := Compile(p)
	if err != nil {
		t.Fatalf("%s: compile: %v", m.Name, err)
	}
	return k, p
}

func TestModelsMatchHandWrittenGradients(t *testing.T) {
	models := []irtest.Model{irtest.EightSchools(true), irtest.EightSchools(false), irtest.LogisticRegression(200, 5), irtest.VaryingIntercept(1000, 10)}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, m := range models {
		t.Run(m.Name, func(t *testing.T) {
			k, _ := compileModel(t, m)
			q := make([]float64, m.Dim)
			g, h := make([]float64, m.Dim), make([]float64, m.Dim)
			for range 5 {
				for i := range q {
					q[i] = rng.Float64()*4 - 2
				}
				lp := k.LogDensityGrad(g, q)
				want := m.Hand(h, q)
				if !irtest.Close(lp, want, 1e-10) {
					t.Errorf("lp at %v = %v, hand-written %v", q, lp, want)
				}
				for i := range g {
					if !irtest.Close(g[i], h[i], 1e-9) {
						t.Errorf("grad[%d] at %v = %v, hand-written %v", i, q, g[i], h[i])
					}
				}
			}
		})
	}
}
