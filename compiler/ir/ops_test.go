package ir_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

func TestEveryOpHasFiniteDifferenceCase(t *testing.T) {
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		info := op.Info()
		if info.Arity == 0 {
			continue // leaves: their derivative is the identity or zero
		}
		if _, ok := irtest.Cases[op]; !ok {
			t.Errorf("op %s has no finite-difference case in fdCases", info.Name)
		}
		if info.Adjoint == nil {
			t.Errorf("op %s has no adjoint rule", info.Name)
		}
		if info.Elementwise == (info.Shape != nil) {
			t.Errorf("op %s: elementwise ops need a Scalar function, others a Shape rule", info.Name)
		}
		if info.Elementwise && info.Scalar == nil {
			t.Errorf("op %s: elementwise with no Scalar function", info.Name)
		}
	}
}

var cArg = regexp.MustCompile(`\$([0-9])`)

func TestEveryOpHasCTemplate(t *testing.T) {
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		info := op.Info()
		if info.C == "" {
			t.Errorf("op %s has no C template", info.Name)
			continue
		}
		used := map[int]bool{}
		for _, m := range cArg.FindAllStringSubmatch(info.C, -1) {
			used[int(m[1][0]-'0')] = true
		}
		for i := 0; i < info.Arity; i++ {
			if !used[i] {
				t.Errorf("op %s: C template %q does not use $%d", info.Name, info.C, i)
			}
		}
		for i := range used {
			if i >= info.Arity {
				t.Errorf("op %s: C template %q uses $%d beyond arity %d", info.Name, info.C, i, info.Arity)
			}
		}
	}
}

// TestOpAdjointsFiniteDifference checks every op's adjoint against central
// finite differences with Richardson extrapolation, at several random points,
// with vector arguments and with scalars broadcast against vectors.
func TestOpAdjointsFiniteDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		c, ok := irtest.Cases[op]
		if !ok {
			continue
		}
		info := op.Info()
		layouts := []string{"vector"}
		if info.Elementwise {
			layouts = append(layouts, "scalar", "mixed")
		}
		for _, layout := range layouts {
			t.Run(info.Name+"/"+layout, func(t *testing.T) {
				fdCheck(t, rng, op, c, layout)
			})
		}
	}
}

func fdCheck(t *testing.T, rng *rand.Rand, op ir.Op, c irtest.Case, layout string) {
	// Lay out the arguments: continuous ones are parameters, discrete ones data.
	type slot struct {
		off, n int
		dom    irtest.Domain
	}
	var slots []slot
	dim := 0
	for i, d := range c.Args {
		n := irtest.FDLen
		if c.Scalar || layout == "scalar" || (layout == "mixed" && i > 0) {
			n = 1
		}
		slots = append(slots, slot{off: dim, n: n, dom: d})
		if !d.Discrete() {
			dim += n
		}
	}
	if dim == 0 {
		t.Skip("every argument is data (discrete_range's ints): no adjoint to check")
	}
	weights := make([]float64, 8)
	for i := range weights {
		weights[i] = rng.Float64() + 0.5
	}
	for point, tries := 0, 0; point < 4; tries++ {
		if tries == irtest.MaxDraws {
			t.Fatalf("no point in the support in %d draws", irtest.MaxDraws)
		}
		b := ir.NewBuilder(max(dim, 1))
		args := make([]ir.Value, len(slots))
		q := make([]float64, max(dim, 1))
		for i, s := range slots {
			if s.dom.Discrete() {
				x := make([]float64, s.n)
				for j := range x {
					x[j] = s.dom.Draw(rng)
				}
				if s.n == 1 {
					args[i] = b.Const(x[0])
				} else {
					args[i] = b.Data(x)
				}
				continue
			}
			for j := 0; j < s.n; j++ {
				q[s.off+j] = s.dom.Draw(rng)
			}
			if s.n == 1 {
				args[i] = b.Param(s.off)
			} else {
				args[i] = b.ParamVector(s.off, s.n)
			}
		}
		lp, err := irtest.Functional(b, op, c, args, weights)
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		p, err := ir.Grad(b, lp)
		if err != nil {
			t.Fatalf("grad: %v", err)
		}
		ir.CheckPasses = true
		p, err = ir.Optimize(p)
		ir.CheckPasses = false
		if err != nil {
			t.Fatalf("optimize: %v", err)
		}
		k, err := kernel.Compile(p)
		if err != nil {
			t.Fatalf("compile: %v", err)
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

// finiteAround reports whether the log density is finite at q and at the
// points richardson evaluates, and smooth enough there for finite
// differences: a point whose differences cross the edge of the support
// (uniform's y near α or β), a kink (skew_double_exponential_lccdf at
// y = μ, pareto_type_2_lccdf's flat 0 below μ) or a log singularity within
// a step (uniform_lcdf near α), where richardson's estimates at steps h and
// h/2 disagree beyond 1e-7 relative (a tenth of the test's tolerance), is
// drawn again. The filter reads values only, so an adjoint that is wrong
// at smooth points still fails.
func finiteAround(k *kernel.Kernel, q []float64) bool {
	x := append([]float64(nil), q...)
	g := make([]float64, len(q))
	ok := func() bool {
		v := k.LogDensityGrad(g, x)
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	if !ok() {
		return false
	}
	for i := range q {
		h := 1e-3 * math.Max(1, math.Abs(q[i]))
		for _, s := range []float64{-h, h} {
			x[i] = q[i] + s
			if !ok() {
				return false
			}
		}
		x[i] = q[i]
	}
	for i := range q {
		h := 1e-3 * math.Max(1, math.Abs(q[i]))
		d := func(h float64) float64 {
			x[i] = q[i] + h
			fp := k.LogDensityGrad(g, x)
			x[i] = q[i] - h
			fm := k.LogDensityGrad(g, x)
			x[i] = q[i]
			return (fp - fm) / (2 * h)
		}
		d1, d2, d4 := d(h), d(h/2), d(h/4)
		r1, r2 := (4*d2-d1)/3, (4*d4-d2)/3
		if math.Abs(r1-r2) > 1e-7*math.Max(1, math.Abs(r2)) {
			return false
		}
	}
	return true
}

// richardson is the central difference D(h) = (f(x+h)-f(x-h))/2h extrapolated
// as (4 D(h/2) - D(h))/3, which cancels the h² error term (truncation O(h⁴)).
func richardson(k *kernel.Kernel, q []float64, i int) float64 {
	x := append([]float64(nil), q...)
	g := make([]float64, len(q))
	h := 1e-3 * math.Max(1, math.Abs(q[i]))
	d := func(h float64) float64 {
		x[i] = q[i] + h
		fp := k.LogDensityGrad(g, x)
		x[i] = q[i] - h
		fm := k.LogDensityGrad(g, x)
		x[i] = q[i]
		return (fp - fm) / (2 * h)
	}
	return (4*d(h/2) - d(h)) / 3
}

func ExampleFormatNode() {
	b := ir.NewBuilder(8)
	x := b.ParamVector(0, 8)
	y := b.Mul(x, b.Exp(x))
	fmt.Println(ir.FormatNode(b.G, y))
	// Output: %2 = mul %0 %1  : vector[8]
}

// compileModel builds, differentiates, optimises (checking every pass) and
// compiles m.
func compileModel(t testing.TB, m irtest.Model) (*kernel.Kernel, *ir.Program) {
	t.Helper()
	p := m.Program(t)
	k, err := kernel.Compile(p)
	if err != nil {
		t.Fatalf("%s: compile: %v", m.Name, err)
	}
	return k, p
}
