package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/library"
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
					if in.nargs == 5 && scaleOf[in.op].Form != library.NoScaleForm {
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

// TestScaleForms: every library kernel that declares a scale form
// (library.Scale) computes, bit for bit, what the kernel's form computes
// from 1/σ and log σ, so σ's tables, the form loops and the family loops
// change no result; and the partials of a ScalePartials density are the
// forms the family loop computes.
func TestScaleForms(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	n := 0
	for _, k := range library.Kernels() {
		if k.Scale == nil {
			continue
		}
		n++
		t.Run(k.Name, func(t *testing.T) {
			sc := k.Scale
			for i := range 200 {
				y, mu := 20*(r.Float64()-0.5), 10*(r.Float64()-0.5)
				sigma := math.Exp(20 * (r.Float64() - 0.5))
				if i == 0 {
					y, mu, sigma = 1, 1, 3 // z = 0
				}
				inv, ls := 1/sigma, math.Log(sigma)
				var got float64
				switch sc.Form {
				case library.HalfSquare:
					got = halfSquare(y, mu, inv, ls, sc.C)
				case library.ZOverScale:
					got = zOverScale(y, mu, inv)
				case library.SquareMinusOne:
					got = squareMinusOne(y, mu, inv)
				case library.Log1pSquare:
					got = log1pSquare(y, mu, sigma, ls, sc.C)
				default:
					t.Fatalf("form %d has no evaluator here", sc.Form)
				}
				if want := k.At(y, mu, sigma); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("(%v, %v, %v): form gives %.17g, Value %.17g", y, mu, sigma, got, want)
				}
			}
			if p := k.ScalePartials; p != nil {
				if sc.Form != library.HalfSquare || p.Dmu.Scale == nil || p.Dmu.Scale.Form != library.ZOverScale ||
					p.Dsigma.Scale == nil || p.Dsigma.Scale.Form != library.SquareMinusOne {
					t.Errorf("ScalePartials of a %d form: dmu %s, dsigma %s, not a HalfSquare's ZOverScale and SquareMinusOne",
						sc.Form, p.Dmu.Name, p.Dsigma.Name)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no library kernel declares a scale form")
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
