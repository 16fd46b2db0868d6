package ir_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

// breadthOps are the ops of ops_math.go and the library's kernels.
func breadthOps() []ir.Op {
	var ops []ir.Op
	for op := ir.OpSin; op < ir.NumOps(); op++ {
		ops = append(ops, op)
	}
	return ops
}

// TestBreadthEveryVectorisation checks the adjoints of the breadth ops by
// central finite differences (Richardson-extrapolated, relative 1e-6) at
// four random points in every layout: for an elementwise op, each argument
// a scalar or a vector independently (2^arity layouts, as Stan vectorises
// every argument of a density).
func TestBreadthEveryVectorisation(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, op := range breadthOps() {
		c := irtest.Cases[op]
		info := op.Info()
		masks := []int{1<<len(c.Args) - 1}
		if info.Elementwise {
			masks = masks[:0]
			for m := 0; m < 1<<len(c.Args); m++ {
				masks = append(masks, m)
			}
		}
		for _, m := range masks {
			name := info.Name + "/"
			for i := range c.Args {
				name += "sv"[m>>i&1 : m>>i&1+1]
			}
			t.Run(name, func(t *testing.T) { fdCheckMask(t, rng, op, c, m) })
		}
	}
}

// fdCheckMask is fdCheck with argument i a vector of length fdLen when bit
// i of vec is set, else a scalar.
func fdCheckMask(t *testing.T, rng *rand.Rand, op ir.Op, c irtest.Case, vec int) {
	t.Helper()
	type slot struct{ off, n int }
	slots := make([]slot, len(c.Args))
	dim := 0
	for i, d := range c.Args {
		n := 1
		if vec>>i&1 == 1 {
			n = irtest.FDLen
		}
		slots[i] = slot{dim, n}
		if !d.Discrete() {
			dim += n
		}
	}
	if dim == 0 {
		t.Skip("every argument is data (discrete_range's ints): no adjoint to check")
	}
	w := []float64{0.7, -1.3, 0.9}
	for point, tries := 0, 0; point < 4; tries++ {
		if tries == irtest.MaxDraws {
			t.Fatalf("no point in the support in %d draws", irtest.MaxDraws)
		}
		b := ir.NewBuilder(max(dim, 1))
		q := make([]float64, max(dim, 1))
		args := make([]ir.Value, len(c.Args))
		for i, d := range c.Args {
			s := slots[i]
			if d.Discrete() {
				x := make([]float64, s.n)
				for j := range x {
					x[j] = d.Draw(rng)
				}
				if s.n == 1 {
					args[i] = b.Const(x[0])
				} else {
					args[i] = b.Data(x)
				}
				continue
			}
			for j := 0; j < s.n; j++ {
				q[s.off+j] = d.Draw(rng)
			}
			if s.n == 1 {
				args[i] = b.Param(s.off)
			} else {
				args[i] = b.ParamVector(s.off, s.n)
			}
		}
		lp, err := irtest.Functional(b, op, c, args, w)
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		k, _, err := kernel.New(b, lp)
		if err != nil {
			t.Fatalf("kernel: %v", err)
		}
		if !finiteAround(k, q) {
			continue // outside the support: draw again
		}
		grad := make([]float64, len(q))
		k.LogDensityGrad(grad, q)
		for i := 0; i < dim; i++ {
			fd := richardson(k, q, i)
			if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("point %d: d/dq[%d] at %v = %.12g, finite difference %.12g", point, i, q, grad[i], fd)
			}
		}
		point++
	}
}

// TestLbetaLargeArgumentGradient checks the Stirling branches of lbeta
// (an argument >= 10) by finite differences, which the random points of
// the table test (in (0.5, 3)) never reach.
func TestLbetaLargeArgumentGradient(t *testing.T) {
	for _, q := range [][]float64{{3.5, 12}, {25, 40}, {0.7, 250}} {
		b := ir.NewBuilder(2)
		k, _, err := kernel.New(b, b.Apply(ir.OpLbeta, b.Param(0), b.Param(1)))
		if err != nil {
			t.Fatal(err)
		}
		g := make([]float64, 2)
		k.LogDensityGrad(g, q)
		for i := range q {
			if fd := richardson(k, q, i); math.Abs(g[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("lbeta at %v: d/dq[%d] = %.12g, finite difference %.12g", q, i, g[i], fd)
			}
		}
	}
}

// TestReductionsNaN: max and min propagate NaN, as Stan's do.
func TestReductionsNaN(t *testing.T) {
	x := []float64{1, math.NaN(), 3}
	for _, op := range []ir.Op{ir.OpMaxOf, ir.OpMinOf} {
		b := ir.NewBuilder(1)
		lp := b.Add(b.Param(0), b.Apply(op, b.Data(x)))
		k, _, err := kernel.New(b, lp)
		if err != nil {
			t.Fatal(err)
		}
		if v := k.LogDensityGrad(make([]float64, 1), []float64{0}); !math.IsNaN(v) {
			t.Errorf("%s of %v = %v, want NaN", op, x, v)
		}
	}
}

// TestCumSumAcrossBlocks runs cumulative_sum on a vector longer than one
// kernel block, so that a block after the first must add what precedes it.
func TestCumSumAcrossBlocks(t *testing.T) {
	n := 2*kernel.BlockSize + 17
	b := ir.NewBuilder(n)
	x := b.ParamVector(0, n)
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(i%7) - 3
	}
	k, _, err := kernel.New(b, b.Dot(b.Data(w), b.Apply(ir.OpCumSum, x)))
	if err != nil {
		t.Fatal(err)
	}
	q := make([]float64, n)
	for i := range q {
		q[i] = float64(i%5) * 0.25
	}
	g := make([]float64, n)
	got := k.LogDensityGrad(g, q)
	want, s := 0.0, 0.0
	for i := range q {
		s += q[i]
		want += w[i] * s
	}
	if math.Abs(got-want) > 1e-9*math.Abs(want) {
		t.Errorf("Σ w·cumsum(q) = %.12g, direct loop %.12g", got, want)
	}
	// ∂/∂q_j = Σ_{i>=j} w_i
	tail := 0.0
	for j := n - 1; j >= 0; j-- {
		tail += w[j]
		if math.Abs(g[j]-tail) > 1e-9 {
			t.Fatalf("gradient[%d] = %v, reverse cumulative sum %v", j, g[j], tail)
		}
	}
}
