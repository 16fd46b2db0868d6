package kernel

import (
	"math"
	"sync"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

func TestLogDensityGradAllocatesNothing(t *testing.T) {
	for _, m := range []irtest.Model{irtest.EightSchools(true), irtest.LogisticRegression(500, 4), irtest.VaryingIntercept(2000, 10)} {
		t.Run(m.Name, func(t *testing.T) {
			k, _ := compileModel(t, m)
			q, grad := irtest.Point(m.Dim), make([]float64, m.Dim)
			if n := testing.AllocsPerRun(20, func() { k.LogDensityGrad(grad, q) }); n != 0 {
				t.Errorf("LogDensityGrad allocates %v times per call", n)
			}
		})
	}
}

// TestFusedMatchesUnfused runs the block-fused kernel against one full pass
// per op without family loops; only the grouping of sums differs, so the
// results agree to rounding.
func TestFusedMatchesUnfused(t *testing.T) {
	for _, m := range []irtest.Model{irtest.LogisticRegression(3000, 3), irtest.VaryingIntercept(5000, 20)} {
		t.Run(m.Name, func(t *testing.T) {
			k, p := compileModel(t, m)
			u := compile(p, compileOpts{block: maxLen(p)})
			if k.p.block != BlockSize || u.p.block < 3000 {
				t.Fatalf("block sizes %d and %d", k.p.block, u.p.block)
			}
			q := irtest.Point(m.Dim)
			g1, g2 := make([]float64, m.Dim), make([]float64, m.Dim)
			lp1, lp2 := k.LogDensityGrad(g1, q), u.LogDensityGrad(g2, q)
			if !irtest.Close(lp1, lp2, 1e-12) {
				t.Errorf("lp fused %v, unfused %v", lp1, lp2)
			}
			for i := range g1 {
				if !irtest.Close(g1[i], g2[i], 1e-11) {
					t.Errorf("grad[%d] fused %v, unfused %v", i, g1[i], g2[i])
				}
			}
		})
	}
}

func TestNonFinitePropagates(t *testing.T) {
	k, _ := compileModel(t, irtest.VaryingIntercept(500, 5))
	q, grad := irtest.Point(k.Dim()), make([]float64, k.Dim())
	q[3] = math.NaN() // log sigma
	if lp := k.LogDensityGrad(grad, q); !math.IsNaN(lp) {
		t.Errorf("lp with NaN parameter = %v, want NaN", lp)
	}
	q[3] = -800 // sigma = exp(-800) = 0: z = ±Inf
	if lp := k.LogDensityGrad(grad, q); !math.IsNaN(lp) && !math.IsInf(lp, 0) {
		t.Errorf("lp with sigma = 0 is finite: %v", lp)
	}
	if lp := k.LogDensityGrad(grad, q[:2]); !math.IsNaN(lp) {
		t.Errorf("lp with short q = %v, want NaN", lp)
	}
}

// TestClonesAreIndependent runs clones concurrently (go test -race finds
// shared writes) and checks they agree with the original.
func TestClonesAreIndependent(t *testing.T) {
	m := irtest.VaryingIntercept(1000, 10)
	k, _ := compileModel(t, m)
	q := irtest.Point(m.Dim)
	want := make([]float64, m.Dim)
	wantLP := k.LogDensityGrad(want, q)
	var wg sync.WaitGroup
	errs := make([]string, 4)
	for c := range 4 {
		kc := k.Clone()
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := make([]float64, m.Dim)
			for range 20 {
				if lp := kc.LogDensityGrad(g, q); lp != wantLP || g[2] != want[2] {
					errs[c] = "clone disagrees with the original"
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
}

// TestLeafOutputs: log densities and gradients that are leaves (a parameter,
// a constant, data) compile and evaluate.
func TestLeafOutputs(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *ir.Builder) ir.Value
		lp    float64
		grad  []float64
	}{
		{"lp = q0", func(b *ir.Builder) ir.Value { return b.Param(0) }, 0.5, []float64{1, 0, 0}},
		{"lp = const", func(b *ir.Builder) ir.Value { return b.Const(3) }, 3, []float64{0, 0, 0}},
		{"lp = q0 q1", func(b *ir.Builder) ir.Value { return b.Mul(b.Param(0), b.Param(1)) }, 0.5 * -2, []float64{-2, 0.5, 0}},
		{"lp = x . q", func(b *ir.Builder) ir.Value { return b.Dot(b.Data([]float64{1, 2, 3}), b.ParamVector(0, 3)) }, 0.5 - 4 + 12, []float64{1, 2, 3}},
		{"lp = sum(q)", func(b *ir.Builder) ir.Value { return b.Sum(b.ParamVector(0, 3)) }, 0.5 - 2 + 4, []float64{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, _ := compileModel(t, irtest.Model{Name: tt.name, Dim: 3, Build: tt.build})
			grad := []float64{9, 9, 9}
			lp := k.LogDensityGrad(grad, []float64{0.5, -2, 4})
			if lp != tt.lp {
				t.Errorf("lp = %v, want %v", lp, tt.lp)
			}
			for i := range grad {
				if grad[i] != tt.grad[i] {
					t.Errorf("grad = %v, want %v", grad, tt.grad)
					break
				}
			}
		})
	}
}

// TestFamiliesApply: the varying-intercept likelihood runs as two loops over
// the data (families.go), not the ten instructions AD produces.
func TestFamiliesApply(t *testing.T) {
	const n = 3000
	_, p := compileModel(t, irtest.VaryingIntercept(n, 10))
	for _, tt := range []struct {
		name string
		opts compileOpts
		want int
	}{
		{"families", defaultOpts, 2},
		{"no families", compileOpts{block: BlockSize}, 10},
	} {
		k := compile(p, tt.opts)
		got := -1
		for _, g := range k.p.groups {
			if g.n == n {
				got = len(g.instrs)
			}
		}
		if got != tt.want {
			t.Errorf("%s: %d instructions in the loop over the data, want %d", tt.name, got, tt.want)
		}
	}
}

// TestSelectOnParameter: an `if` on a parameter lowers to select; its
// gradient is the taken branch's (lp = x < 0 ? x² : exp(x), elementwise).
func TestSelectOnParameter(t *testing.T) {
	m := irtest.Model{Name: "select", Dim: 4, Build: func(b *ir.Builder) ir.Value {
		x := b.ParamVector(0, 4)
		return b.Sum(b.Select(b.Apply(ir.OpLt, x, b.Const(0)), b.Square(x), b.Exp(x)))
	}}
	k, _ := compileModel(t, m)
	q := []float64{-1.5, 0.5, -0.25, 2}
	grad := make([]float64, 4)
	lp := k.LogDensityGrad(grad, q)
	wantLP := 2.25 + math.Exp(0.5) + 0.0625 + math.Exp(2)
	want := []float64{-3, math.Exp(0.5), -0.5, math.Exp(2)}
	if !irtest.Close(lp, wantLP, 1e-15) {
		t.Errorf("lp = %v, want %v", lp, wantLP)
	}
	for i := range want {
		if !irtest.Close(grad[i], want[i], 1e-15) {
			t.Errorf("grad = %v, want %v", grad, want)
			break
		}
	}
}

// TestElemAdjointsPacked: the adjoint of a vector that only elems read, at
// least half of its elements, is its elements' adjoints packed (ir's
// elemsAdjoint), with no scatter-add, and zero for the elements no elem
// reads; a vector of which elems read less, or that another op reads too,
// keeps the scatter-adds. Both give the analytic gradient, for x = exp(q).
func TestElemAdjointsPacked(t *testing.T) {
	q := []float64{0.5, -2, 0.25, 1}
	e := func(i int) float64 { return math.Exp(q[i]) }
	for _, tc := range []struct {
		name    string
		build   func(b *ir.Builder, x ir.Value) ir.Value
		lp      float64
		grad    []float64
		scatter bool
	}{
		{"log(x[0]) + 3 x[2] + x[2] x[0]", func(b *ir.Builder, x ir.Value) ir.Value {
			x0, x2 := b.Elem(x, 0), b.Elem(x, 2)
			return b.Add(b.Add(b.Log(x0), b.Mul(b.Const(3), x2)), b.Mul(x2, x0))
		}, q[0] + 3*e(2) + e(2)*e(0), []float64{1 + e(2)*e(0), 0, 3*e(2) + e(2)*e(0), 0}, false},
		{"log(x[3]): one element of four", func(b *ir.Builder, x ir.Value) ir.Value {
			return b.Log(b.Elem(x, 3))
		}, q[3], []float64{0, 0, 0, 1}, true},
		{"log(x[0]) + sum(x)", func(b *ir.Builder, x ir.Value) ir.Value {
			return b.Add(b.Log(b.Elem(x, 0)), b.Sum(x))
		}, q[0] + e(0) + e(1) + e(2) + e(3), []float64{1 + e(0), e(1), e(2), e(3)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, p := compileModel(t, irtest.Model{Name: tc.name, Dim: 4, Build: func(b *ir.Builder) ir.Value {
				return tc.build(b, b.Exp(b.ParamVector(0, 4)))
			}})
			scatter := false
			for _, n := range p.G.Nodes {
				scatter = scatter || n.Op == ir.OpScatterAdd
			}
			if scatter != tc.scatter {
				t.Errorf("scatter-add in the gradient: %v, want %v", scatter, tc.scatter)
			}
			grad := make([]float64, 4)
			lp := k.LogDensityGrad(grad, q)
			if !irtest.Close(lp, tc.lp, 1e-14) {
				t.Errorf("lp = %v, want %v", lp, tc.lp)
			}
			for i := range grad {
				if !irtest.Close(grad[i], tc.grad[i], 1e-14) {
					t.Errorf("grad = %v, want %v", grad, tc.grad)
					break
				}
			}
		})
	}
}
