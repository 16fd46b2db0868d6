package compiler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"testing"
)

// domain is where a finite-difference test draws an argument.
type domain uint8

const (
	real   domain = iota // (-2, 2)
	pos                  // (0.5, 3)
	unit                 // (0.1, 0.9)
	bit                  // {0, 1}, data
	count                // {0..5}, data
	trials               // {5..10}, data
)

func (d domain) draw(rng *rand.Rand) float64 {
	switch d {
	case pos:
		return 0.5 + 2.5*rng.Float64()
	case unit:
		return 0.1 + 0.8*rng.Float64()
	case bit:
		return float64(rng.IntN(2))
	case count:
		return float64(rng.IntN(6))
	case trials:
		return float64(5 + rng.IntN(6))
	}
	return 4*rng.Float64() - 2
}

func (d domain) discrete() bool { return d >= bit }

// fdCase says how to test one op: its arguments' domains, and for
// structural ops how to build it from parameter vectors.
type fdCase struct {
	args []domain
	aux  int
	// scalar: the arguments are scalars in every layout.
	scalar bool
	build  func(b *Builder, args []Value) Value // nil: ApplyAux(op, aux, args...)
}

// fdCases has one entry per op with arguments. A new row in opTable without
// an entry here fails TestEveryOpHasFiniteDifferenceCase. The library's
// kernels get theirs from their argument domains (libraryFDCases).
var fdCases = map[Op]fdCase{
	OpAdd:           {args: []domain{real, real}},
	OpSub:           {args: []domain{real, real}},
	OpMul:           {args: []domain{real, real}},
	OpDiv:           {args: []domain{real, pos}},
	OpPow:           {args: []domain{pos, real}},
	OpNeg:           {args: []domain{real}},
	OpExp:           {args: []domain{real}},
	OpLog:           {args: []domain{pos}},
	OpLog1p:         {args: []domain{pos}},
	OpExpm1:         {args: []domain{real}},
	OpSqrt:          {args: []domain{pos}},
	OpSquare:        {args: []domain{real}},
	OpInv:           {args: []domain{pos}},
	OpFabs:          {args: []domain{real}},
	OpSign:          {args: []domain{real}},
	OpInvLogit:      {args: []domain{real}},
	OpLogInvLogit:   {args: []domain{real}},
	OpLog1mInvLogit: {args: []domain{real}},
	OpLog1pExp:      {args: []domain{real}},
	OpLgamma:        {args: []domain{pos}},
	OpDigamma:       {args: []domain{pos}},
	OpPolygamma:     {args: []domain{pos}, aux: 1},
	OpTanh:          {args: []domain{real}},
	OpLt:            {args: []domain{real, real}},
	OpLe:            {args: []domain{real, real}},
	OpEq:            {args: []domain{real, real}},
	OpNe:            {args: []domain{real, real}},
	OpSelect:        {args: []domain{bit, real, real}},
	OpBcast: {args: []domain{real}, scalar: true, build: func(b *Builder, a []Value) Value {
		return b.Mul(b.Bcast(a[0], 4), b.Data([]float64{1, -2, 3, 0.5}))
	}},
	OpSum: {args: []domain{real}},
	OpDot: {args: []domain{real, real}},
	OpGather: {args: []domain{real}, build: func(b *Builder, a []Value) Value {
		n := b.shapeOf(a[0]).Len()
		return b.Gather(a[0], b.Index([]int{n - 1, 0, 0, n / 2, n - 1}, n))
	}},
	OpScatterAdd: {args: []domain{real}, build: func(b *Builder, a []Value) Value {
		return b.ScatterAdd(a[0], b.Index([]int{1, 0, 1}, 2))
	}},
	OpMatVec: {args: []domain{real}, build: func(b *Builder, a []Value) Value {
		return b.MatVec(b.DataMatrix(2, 3, []float64{1, 2, -1, 0.5, -3, 2}), a[0])
	}},
	OpMatTVec: {args: []domain{real}, build: func(b *Builder, a []Value) Value {
		return b.MatTVec(b.DataMatrix(3, 2, []float64{1, 2, -1, 0.5, -3, 2}), a[0])
	}},

	// Ops added by the lowering.
	OpElem: {args: []domain{real}, scalar: false, build: func(b *Builder, a []Value) Value {
		return b.Mul(b.ApplyAux(OpElem, 1, a[0]), b.ApplyAux(OpElem, 2, a[0]))
	}},
	OpConcat: {args: []domain{real, real}, build: func(b *Builder, a []Value) Value {
		s := b.ApplyAux(OpElem, 0, a[1])
		v := b.ApplyAux(OpConcat, 1, s, a[0])
		return b.Mul(b.ApplyAux(OpConcat, 4, v, a[1]), b.Data([]float64{1, -2, 3, 0.5, 2, -1, 1.5}))
	}},
	OpLogSumExp:  {args: []domain{real}, aux: fdLen},
	OpLogSumExp2: {args: []domain{real, real}},
}

func TestEveryOpHasFiniteDifferenceCase(t *testing.T) {
	for op := Op(1); op < numOps; op++ {
		info := op.Info()
		if info.Arity == 0 {
			continue // leaves: their derivative is the identity or zero
		}
		if _, ok := fdCases[op]; !ok {
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
		if !info.Elementwise && opLoops[op] == nil {
			t.Errorf("op %s: structural op with no kernel loop", info.Name)
		}
	}
}

var cArg = regexp.MustCompile(`\$([0-9])`)

func TestEveryOpHasCTemplate(t *testing.T) {
	for op := Op(1); op < numOps; op++ {
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
	for op := Op(1); op < numOps; op++ {
		c, ok := fdCases[op]
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

const fdLen = 3

func fdCheck(t *testing.T, rng *rand.Rand, op Op, c fdCase, layout string) {
	// Lay out the arguments: continuous ones are parameters, discrete ones data.
	type slot struct {
		off, n int
		dom    domain
	}
	var slots []slot
	dim := 0
	for i, d := range c.args {
		n := fdLen
		if c.scalar || layout == "scalar" || (layout == "mixed" && i > 0) {
			n = 1
		}
		slots = append(slots, slot{off: dim, n: n, dom: d})
		if !d.discrete() {
			dim += n
		}
	}
	weights := make([]float64, 8)
	for i := range weights {
		weights[i] = rng.Float64() + 0.5
	}
	for point, tries := 0, 0; point < 4; tries++ {
		if tries == maxDraws {
			t.Fatalf("no point in the support in %d draws", maxDraws)
		}
		b := NewBuilder(max(dim, 1))
		args := make([]Value, len(slots))
		q := make([]float64, max(dim, 1))
		for i, s := range slots {
			if s.dom.discrete() {
				x := make([]float64, s.n)
				for j := range x {
					x[j] = s.dom.draw(rng)
				}
				if s.n == 1 {
					args[i] = b.Const(x[0])
				} else {
					args[i] = b.Data(x)
				}
				continue
			}
			for j := 0; j < s.n; j++ {
				q[s.off+j] = s.dom.draw(rng)
			}
			if s.n == 1 {
				args[i] = b.Param(s.off)
			} else {
				args[i] = b.ParamVector(s.off, s.n)
			}
		}
		lp, err := caseFunctional(b, op, c, args, weights)
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		p, err := Grad(b, lp)
		if err != nil {
			t.Fatalf("grad: %v", err)
		}
		CheckPasses = true
		p, err = Optimize(p)
		CheckPasses = false
		if err != nil {
			t.Fatalf("optimize: %v", err)
		}
		k, err := Compile(p)
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

// maxDraws bounds the draws of a point in an op's support.
const maxDraws = 2000

// finiteAround reports whether the log density is finite at q and at the
// points richardson evaluates: a point whose differences cross the edge of
// the support (uniform's y near α or β) is drawn again.
func finiteAround(k *Kernel, q []float64) bool {
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
	return true
}

// richardson is the central difference D(h) = (f(x+h)-f(x-h))/2h extrapolated
// as (4 D(h/2) - D(h))/3, which cancels the h² error term (truncation O(h⁴)).
// caseFunctional builds op on args (or the case's own builder) and returns
// a random linear functional of its output, w . out, so that one gradient
// check tests every element of the output.
func caseFunctional(b *Builder, op Op, c fdCase, args []Value, w []float64) (Value, error) {
	var lp Value
	err := Build(func() error {
		var out Value
		if c.build != nil {
			out = c.build(b, args)
		} else {
			out = b.ApplyAux(op, c.aux, args...)
		}
		if s := b.shapeOf(out); s.Kind == Vector {
			lp = b.Dot(b.Data(w[:s.N]), out)
		} else {
			lp = b.Mul(b.Const(w[0]), out)
		}
		return nil
	})
	return lp, err
}

func richardson(k *Kernel, q []float64, i int) float64 {
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
	b := NewBuilder(8)
	x := b.ParamVector(0, 8)
	y := b.Mul(x, b.Exp(x))
	fmt.Println(FormatNode(b.G, y))
	// Output: %2 = mul %0 %1  : vector[8]
}
