package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

// TestSigmaTablesExact: the tables of 1/σ and log σ of a read-only σ
// (sigmaTables) hold exactly what the loops computed per element, so the
// kernel's log density and gradient are bit-for-bit those without them.
// Eight schools has all the cases: a constant σ in scalar normal_lpdf and
// cauchy_lpdf and in a vector std_normal, and a data σ in the likelihood's
// normal_lpdf and normal_dmu.
func TestSigmaTablesExact(t *testing.T) {
	for _, m := range []irtest.Model{irtest.EightSchools(false), irtest.EightSchools(true)} {
		t.Run(m.Name, func(t *testing.T) {
			_, p := compileModel(t, m)
			with := compile(p, defaultOpts)
			without := compile(p, compileOpts{block: BlockSize, families: true, noTables: true})
			tabled := 0
			for _, g := range with.p.groups {
				for _, in := range g.instrs {
					if in.nargs == 5 && (in.op == opNormalLpdf || in.op == opNormalDmu || in.op == opCauchyLpdf) {
						tabled++
					}
				}
			}
			if tabled == 0 {
				t.Fatal("no instruction uses σ's tables")
			}
			r := rand.New(rand.NewPCG(5, 5))
			q := make([]float64, m.Dim)
			g1, g2 := make([]float64, m.Dim), make([]float64, m.Dim)
			for range 20 {
				for i := range q {
					q[i] = 4 * (r.Float64() - 0.5)
				}
				lp1, lp2 := with.LogDensityGrad(g1, q), without.LogDensityGrad(g2, q)
				if math.Float64bits(lp1) != math.Float64bits(lp2) {
					t.Fatalf("q = %v: lp %.17g with tables, %.17g without", q, lp1, lp2)
				}
				for i := range g1 {
					if math.Float64bits(g1[i]) != math.Float64bits(g2[i]) {
						t.Fatalf("q = %v: grad[%d] %.17g with tables, %.17g without", q, i, g1[i], g2[i])
					}
				}
			}
		})
	}
}

// TestKernelLoopOps: the ops that the kernel's own loops name are the
// library kernels' they are meant for.
func TestKernelLoopOps(t *testing.T) {
	for _, tc := range []struct {
		op   ir.Op
		name string
	}{{opNormalLpdf, "normal_lpdf"}, {opNormalDmu, "normal_dmu"}, {opNormalDsigma, "normal_dsigma"}, {opCauchyLpdf, "cauchy_lpdf"}} {
		if tc.op.String() != tc.name {
			t.Errorf("op %s, want %s", tc.op, tc.name)
		}
	}
}

// TestEveryOpHasALoop: the kernel runs every op that is not a leaf.
func TestEveryOpHasALoop(t *testing.T) {
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		if op.Info().Arity > 0 && opLoops[op] == nil {
			t.Errorf("op %s has no kernel loop", op)
		}
	}
}
