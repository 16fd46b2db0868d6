package ir_test

import (
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

// TestGradManyElems: the adjoints of many reads of one vector's elements
// (more than the threshold, so they are gathered into one scatter-add)
// give the analytic gradient, and the gradient program holds one
// scatter-add, not one per read. lp = Σ_i c_i x_i² + Σ_i x_i x_{n-1-i} +
// Σ_{i%3=0} sum(x[{i, n-1-i, i}]): elements are read by several elems and
// gathers, and a gather reads one twice, so duplicate indexes must add
// up; d lp/d x_i = 2 c_i x_i + 2 x_{n-1-i} + 2 [i%3=0] + [(n-1-i)%3=0].
func TestGradManyElems(t *testing.T) {
	for _, n := range []int{8, 600} { // below and above the threshold
		t.Run(map[int]string{8: "few", 600: "many"}[n], func(t *testing.T) {
			b := ir.NewBuilder(n)
			x := b.ParamVector(0, n)
			lp := b.Const(0)
			for i := range n {
				xi := b.Elem(x, i)
				lp = b.Add(lp, b.Mul(b.Const(float64(i+1)), b.Mul(xi, xi)))
				lp = b.Add(lp, b.Mul(xi, b.Elem(x, n-1-i)))
				if i%3 == 0 {
					lp = b.Add(lp, b.Sum(b.Gather(x, b.Index([]int{i, n - 1 - i, i}, n))))
				}
			}
			p, err := ir.Grad(b, lp)
			if err != nil {
				t.Fatal(err)
			}
			scatters := 0
			for v := range p.G.Nodes {
				if p.G.Nodes[v].Op == ir.OpScatterAdd {
					scatters++
				}
			}
			if n > 256 && scatters != 1 {
				t.Errorf("%d scatter-adds for %d elements read from one vector, want 1", scatters, n)
			}
			k, err := kernel.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			q := irtest.Point(n)
			g := make([]float64, n)
			k.LogDensityGrad(g, q)
			for i := range n {
				want := 2*float64(i+1)*q[i] + 2*q[n-1-i]
				if i%3 == 0 {
					want += 2
				}
				if (n-1-i)%3 == 0 {
					want++
				}
				if !irtest.Close(g[i], want, 1e-12) {
					t.Errorf("grad[%d] = %v, want %v", i, g[i], want)
				}
			}
		})
	}
}
