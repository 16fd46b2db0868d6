// Package irtest holds what the tests of ir, kernel and emit share: a
// finite-difference case for every op (Cases, the table that makes a new op
// untested fail ir's tests) and reference models built with the Builder,
// each with a hand-written gradient (EightSchools, LogisticRegression,
// VaryingIntercept). Input: nothing but ir and library. Output: IR built on
// a caller's Builder; evaluating it is the caller's (the CPU kernel, the
// emitted C).
package irtest

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// Domain is where a finite-difference test draws an argument.
type Domain uint8

const (
	Real   Domain = iota // (-2, 2)
	Pos                  // (0.5, 3)
	Unit                 // (0.1, 0.9)
	Bit                  // {0, 1}, data
	Count                // {0..5}, data
	Trials               // {5..10}, data
	DPos                 // (0.5, 3), data
)

func (d Domain) Draw(rng *rand.Rand) float64 {
	switch d {
	case Pos, DPos:
		return 0.5 + 2.5*rng.Float64()
	case Unit:
		return 0.1 + 0.8*rng.Float64()
	case Bit:
		return float64(rng.IntN(2))
	case Count:
		return float64(rng.IntN(6))
	case Trials:
		return float64(5 + rng.IntN(6))
	}
	return 4*rng.Float64() - 2
}

func (d Domain) Discrete() bool { return d >= Bit }

// Case says how to test one op: its arguments' domains, and for
// structural ops how to build it from parameter vectors.
type Case struct {
	Args []Domain
	Aux  int
	// scalar: the arguments are scalars in every layout.
	Scalar bool
	Build  func(b *ir.Builder, args []ir.Value) ir.Value // nil: ApplyAux(op, aux, args...)
}

// Cases has one entry per op with arguments. A new row of the op table
// without an entry here fails ir's TestEveryOpHasFiniteDifferenceCase. The
// library's kernels get theirs from their argument domains (the init below).
var Cases = map[ir.Op]Case{
	ir.OpAdd:           {Args: []Domain{Real, Real}},
	ir.OpSub:           {Args: []Domain{Real, Real}},
	ir.OpMul:           {Args: []Domain{Real, Real}},
	ir.OpDiv:           {Args: []Domain{Real, Pos}},
	ir.OpPow:           {Args: []Domain{Pos, Real}},
	ir.OpNeg:           {Args: []Domain{Real}},
	ir.OpExp:           {Args: []Domain{Real}},
	ir.OpLog:           {Args: []Domain{Pos}},
	ir.OpLog1p:         {Args: []Domain{Pos}},
	ir.OpExpm1:         {Args: []Domain{Real}},
	ir.OpSqrt:          {Args: []Domain{Pos}},
	ir.OpSquare:        {Args: []Domain{Real}},
	ir.OpInv:           {Args: []Domain{Pos}},
	ir.OpFabs:          {Args: []Domain{Real}},
	ir.OpSign:          {Args: []Domain{Real}},
	ir.OpInvLogit:      {Args: []Domain{Real}},
	ir.OpLogInvLogit:   {Args: []Domain{Real}},
	ir.OpLog1mInvLogit: {Args: []Domain{Real}},
	ir.OpLog1pExp:      {Args: []Domain{Real}},
	ir.OpLgamma:        {Args: []Domain{Pos}},
	ir.OpDigamma:       {Args: []Domain{Pos}},
	ir.OpPolygamma:     {Args: []Domain{Pos}, Aux: 1},
	ir.OpTanh:          {Args: []Domain{Real}},
	ir.OpLt:            {Args: []Domain{Real, Real}},
	ir.OpLe:            {Args: []Domain{Real, Real}},
	ir.OpEq:            {Args: []Domain{Real, Real}},
	ir.OpNe:            {Args: []Domain{Real, Real}},
	ir.OpSelect:        {Args: []Domain{Bit, Real, Real}},
	ir.OpBcast: {Args: []Domain{Real}, Scalar: true, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.Mul(b.Bcast(a[0], 4), b.Data([]float64{1, -2, 3, 0.5}))
	}},
	ir.OpSum: {Args: []Domain{Real}},
	ir.OpDot: {Args: []Domain{Real, Real}},
	ir.OpGather: {Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		n := b.ShapeOf(a[0]).Len()
		return b.Gather(a[0], b.Index([]int{n - 1, 0, 0, n / 2, n - 1}, n))
	}},
	ir.OpScatterAdd: {Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.ScatterAdd(a[0], b.Index([]int{1, 0, 1}, 2))
	}},
	ir.OpMatVec: {Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.MatVec(b.DataMatrix(2, 3, []float64{1, 2, -1, 0.5, -3, 2}), a[0])
	}},
	ir.OpMatTVec: {Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.MatTVec(b.DataMatrix(3, 2, []float64{1, 2, -1, 0.5, -3, 2}), a[0])
	}},

	// Ops added by the lowering.
	ir.OpElem: {Args: []Domain{Real}, Scalar: false, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.Mul(b.ApplyAux(ir.OpElem, 1, a[0]), b.ApplyAux(ir.OpElem, 2, a[0]))
	}},
	ir.OpConcat: {Args: []Domain{Real, Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		s := b.ApplyAux(ir.OpElem, 0, a[1])
		v := b.ApplyAux(ir.OpConcat, 1, s, a[0])
		return b.Mul(b.ApplyAux(ir.OpConcat, 4, v, a[1]), b.Data([]float64{1, -2, 3, 0.5, 2, -1, 1.5}))
	}},
	// The shift is held out of AD (its partials are zero by design): its
	// case is the log-sum-exp and the softmax it exists for, whose values
	// do not depend on it.
	ir.OpLseShift: {Args: []Domain{Real}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
		return b.Add(b.Bcast(b.LogSumExp(a[0]), b.ShapeOf(a[0]).N), b.Softmax(a[0]))
	}},
	ir.OpLogSumExp2: {Args: []Domain{Real, Real}},
	ir.OpExpSub:     {Args: []Domain{Real, Real}},
}

// FDLen is the length of a vector argument in the finite-difference checks.
const FDLen = 3

// MaxDraws bounds the draws of a point in an op's support.
const MaxDraws = 2000

// Functional builds op on args (or the case's own builder) and returns
// a random linear functional of its output, w . out, so that one gradient
// check tests every element of the output.
func Functional(b *ir.Builder, op ir.Op, c Case, args []ir.Value, w []float64) (ir.Value, error) {
	var lp ir.Value
	err := ir.Build(func() error {
		var out ir.Value
		if c.Build != nil {
			out = c.Build(b, args)
		} else {
			out = b.ApplyAux(op, c.Aux, args...)
		}
		if s := b.ShapeOf(out); s.Kind == ir.Vector {
			lp = b.Dot(b.Data(w[:s.N]), out)
		} else {
			lp = b.Mul(b.Const(w[0]), out)
		}
		return nil
	})
	return lp, err
}

// The finite-difference cases of the breadth ops (ops_math.go), added to Cases.
func init() {
	neg := func(b *ir.Builder, x ir.Value) ir.Value { return b.Neg(x) }
	for op, c := range map[ir.Op]Case{
		ir.OpSin:  {Args: []Domain{Real}},
		ir.OpCos:  {Args: []Domain{Real}},
		ir.OpTan:  {Args: []Domain{Unit}}, // away from the poles at ±π/2
		ir.OpAtan: {Args: []Domain{Real}},
		ir.OpErf:  {Args: []Domain{Real}},
		ir.OpErfc: {Args: []Domain{Real}},
		ir.OpPhi:  {Args: []Domain{Real}},
		// x in (-3, -0.5): both branches of log1m_exp
		ir.OpLog1mExp: {Args: []Domain{Pos}, Build: func(b *ir.Builder, a []ir.Value) ir.Value {
			return b.Apply(ir.OpLog1mExp, neg(b, a[0]))
		}},
		ir.OpLbeta:  {Args: []Domain{Pos, Pos}},
		ir.OpProd:   {Args: []Domain{Real}},
		ir.OpMaxOf:  {Args: []Domain{Real}},
		ir.OpMinOf:  {Args: []Domain{Real}},
		ir.OpCumSum: {Args: []Domain{Real}},
	} {
		Cases[op] = c
	}
}

// The init below adds the finite-difference case of every library kernel's
// op, drawn from the kernel's argument domains: a Count argument after the
// first is a trial count, drawn in 5..10 above the outcome's 0..5. Points
// outside the support (uniform's y outside [α, β]) are drawn again by the
// checks.
func init() {
	for _, k := range library.Kernels() {
		op := ir.LibraryOp(k)
		c := Case{}
		for i, d := range k.Args {
			c.Args = append(c.Args, domainOf(d, i))
		}
		Cases[op] = c
	}
}

func domainOf(d library.Domain, i int) Domain {
	switch d {
	case library.Positive, library.NonNegative:
		return Pos
	case library.Probability:
		return Unit
	case library.DataPositive:
		return DPos
	case library.Binary:
		return Bit
	case library.Count:
		if i > 0 {
			return Trials
		}
		return Count
	}
	return Real
}
