package ir_test

import (
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

func TestHashConsing(t *testing.T) {
	b := ir.NewBuilder(4)
	x := b.ParamVector(0, 4)
	y := b.Param(0)
	if b.Exp(x) != b.Exp(x) {
		t.Error("exp(x) built twice gives two nodes")
	}
	if b.Add(x, y) != b.Add(y, x) {
		t.Error("add is commutative but add(x, y) != add(y, x)")
	}
	if b.Sub(x, y) == b.Sub(y, x) {
		t.Error("sub(x, y) and sub(y, x) share a node")
	}
	d := []float64{1, 2, 3, 4}
	if b.Data(d) != b.Data(d) {
		t.Error("the same data slice gives two nodes")
	}
	if b.Const(0) == b.Const(math.Copysign(0, -1)) {
		t.Error("+0 and -0 share a node")
	}
}

// TestFoldIEEE: folding gives exactly the IEEE result of the run-time op.
func TestFoldIEEE(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tests := []struct {
		name  string
		build func(b *ir.Builder) ir.Value
		want  float64
	}{
		{"-0 + 0 = +0", func(b *ir.Builder) ir.Value { return b.Add(b.Const(negZero), b.Const(0)) }, 0},
		{"-(+0) = -0", func(b *ir.Builder) ir.Value { return b.Neg(b.Const(0)) }, negZero},
		{"1/0 = +Inf", func(b *ir.Builder) ir.Value { return b.Div(b.Const(1), b.Const(0)) }, math.Inf(1)},
		{"1/-0 = -Inf", func(b *ir.Builder) ir.Value { return b.Div(b.Const(1), b.Const(negZero)) }, math.Inf(-1)},
		{"Inf * 0 = NaN", func(b *ir.Builder) ir.Value { return b.Mul(b.Const(math.Inf(1)), b.Const(0)) }, math.NaN()},
		{"log(-1) = NaN", func(b *ir.Builder) ir.Value { return b.Log(b.Const(-1)) }, math.NaN()},
		{"exp(-Inf) = 0", func(b *ir.Builder) ir.Value { return b.Exp(b.Const(math.Inf(-1))) }, 0},
		{"NaN * 1 = NaN", func(b *ir.Builder) ir.Value { return b.Mul(b.Const(math.NaN()), b.Const(1)) }, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ir.NewBuilder(1)
			v := tt.build(b)
			got, ok := b.G.IsConst(v)
			if !ok {
				t.Fatalf("not folded: %s", ir.FormatNode(b.G, v))
			}
			if math.Float64bits(got) != math.Float64bits(tt.want) && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Errorf("folded to %v (bits %x), want %v (bits %x)", got, math.Float64bits(got), tt.want, math.Float64bits(tt.want))
			}
		})
	}
}

// TestRules: the identities that hold for every float64 apply; the ones that
// break on NaN, ±0 or Inf do not.
func TestRules(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tests := []struct {
		name     string
		build    func(b *ir.Builder, x ir.Value) ir.Value
		wantSelf bool   // simplifies to x itself
		wantOp   ir.Op  // else: the op of the result (OpInvalid: not checked)
		keepOp   string // the op must survive
	}{
		{"x*1", func(b *ir.Builder, x ir.Value) ir.Value { return b.Mul(x, b.Const(1)) }, true, 0, ""},
		{"1*x", func(b *ir.Builder, x ir.Value) ir.Value { return b.Mul(b.Const(1), x) }, true, 0, ""},
		{"x/1", func(b *ir.Builder, x ir.Value) ir.Value { return b.Div(x, b.Const(1)) }, true, 0, ""},
		{"x-0", func(b *ir.Builder, x ir.Value) ir.Value { return b.Sub(x, b.Const(0)) }, true, 0, ""},
		{"x+(-0)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Add(x, b.Const(negZero)) }, true, 0, ""},
		{"-(-x)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Neg(b.Neg(x)) }, true, 0, ""},
		{"x*-1", func(b *ir.Builder, x ir.Value) ir.Value { return b.Mul(x, b.Const(-1)) }, false, ir.OpNeg, ""},
		{"x-(-y)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Sub(x, b.Neg(b.Exp(x))) }, false, ir.OpAdd, ""},
		{"sum(x*y)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Sum(b.Mul(x, b.Exp(x))) }, false, ir.OpDot, ""},
		{"mul(bcast(s), x)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Mul(b.Bcast(b.Const(2), 3), x) }, false, ir.OpMul, ""},
		// Not IEEE-safe, so kept:
		{"x+0 kept (-0+0 = +0)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Add(x, b.Const(0)) }, false, ir.OpAdd, ""},
		{"x*0 kept (Inf*0 = NaN)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Mul(x, b.Const(0)) }, false, ir.OpMul, ""},
		{"x-x kept (Inf-Inf = NaN)", func(b *ir.Builder, x ir.Value) ir.Value { return b.Sub(x, x) }, false, ir.OpSub, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ir.NewBuilder(3)
			x := b.ParamVector(0, 3)
			v := tt.build(b, x)
			if tt.wantSelf {
				if v != x {
					t.Errorf("got %s, want %%%d", ir.FormatNode(b.G, v), x)
				}
				return
			}
			if got := b.G.Node(v).Op; got != tt.wantOp {
				t.Errorf("got %s, want op %s", ir.FormatNode(b.G, v), tt.wantOp)
			}
			if n := b.G.Node(v); tt.name == "mul(bcast(s), x)" && (b.G.Node(n.Args[0]).Op == ir.OpBcast || b.G.Node(n.Args[1]).Op == ir.OpBcast) {
				t.Errorf("bcast kept: %s", ir.FormatNode(b.G, v))
			}
		})
	}
}

func TestShapeErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *ir.Builder)
		want  string
	}{
		{"lengths", func(b *ir.Builder) { b.Add(b.ParamVector(0, 2), b.ParamVector(2, 3)) }, "lengths 2 and 3"},
		{"arity", func(b *ir.Builder) { b.Apply(ir.OpExp) }, "takes 1 arguments"},
		{"param range", func(b *ir.Builder) { b.ParamVector(3, 4) }, "outside q"},
		{"matvec", func(b *ir.Builder) { b.MatVec(b.DataMatrix(2, 2, []float64{1, 2, 3, 4}), b.ParamVector(0, 3)) }, "matrix[2,2] times vector[3]"},
		{"matrix data", func(b *ir.Builder) { b.MatVec(b.ParamVector(0, 4), b.ParamVector(0, 4)) }, "is vector[4], want a matrix"},
		{"index", func(b *ir.Builder) { b.Index([]int{0, 5}, 5) }, "index 5 at position 1"},
		{"sum of scalar vector", func(b *ir.Builder) { b.Apply(ir.OpSum, b.Param(0)) }, "want a vector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := ir.NewBuilder(6)
			err := ir.Build(func() error { tt.build(b); return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestPassesSimplify builds the models with build-time folding and rules off
// and checks that the pass pipeline shrinks them (checking the IR after every
// pass) without changing a bit of the results.
func TestPassesSimplify(t *testing.T) {
	for _, m := range []irtest.Model{irtest.EightSchools(true), irtest.VaryingIntercept(300, 7)} {
		t.Run(m.Name, func(t *testing.T) {
			b := ir.NewBuilder(m.Dim)
			b.Fold, b.Rules = false, false
			lp := m.Build(b)
			raw, err := ir.Grad(b, lp)
			if err != nil {
				t.Fatal(err)
			}
			if err := ir.Check(raw); err != nil {
				t.Fatalf("raw program: %v", err)
			}
			ir.CheckPasses = true
			opt, err := ir.Optimize(raw)
			ir.CheckPasses = false
			if err != nil {
				t.Fatal(err)
			}
			live := make([]bool, len(opt.G.Nodes))
			ir.MarkLive(opt, live)
			if len(opt.G.Nodes) >= len(raw.G.Nodes) {
				t.Errorf("optimised program has %d nodes, raw %d", len(opt.G.Nodes), len(raw.G.Nodes))
			}
			for v, l := range live {
				if !l {
					t.Errorf("dead node after dce: %s", ir.FormatNode(opt.G, ir.Value(v)))
				}
			}
			k0, err := kernel.Compile(raw)
			if err != nil {
				t.Fatal(err)
			}
			k1, err := kernel.Compile(opt)
			if err != nil {
				t.Fatal(err)
			}
			q := irtest.Point(m.Dim)
			g0, g1 := make([]float64, m.Dim), make([]float64, m.Dim)
			lp0, lp1 := k0.LogDensityGrad(g0, q), k1.LogDensityGrad(g1, q)
			if !irtest.Close(lp0, lp1, 1e-13) {
				t.Errorf("lp raw %v, optimised %v", lp0, lp1)
			}
			for i := range g0 {
				if !irtest.Close(g0[i], g1[i], 1e-12) {
					t.Errorf("grad[%d] raw %v, optimised %v", i, g0[i], g1[i])
				}
			}
		})
	}
}

// TestCheckFindsBrokenIR corrupts valid programs and expects Check to say so.
func TestCheckFindsBrokenIR(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(p *ir.Program, v int) // v: a binary node
		want    string
	}{
		{"forward reference", func(p *ir.Program, v int) { p.G.Nodes[v].Args[0] = ir.Value(len(p.G.Nodes) - 1) }, "not an earlier value"},
		{"wrong shape", func(p *ir.Program, v int) { p.G.Nodes[v].Shape = ir.VectorShape(7) }, "its arguments give"},
		{"extra argument", func(p *ir.Program, v int) { p.G.Nodes[v].Args[3] = 0 }, "beyond its arity"},
		{"bad op", func(p *ir.Program, v int) { p.G.Nodes[v].Op = ir.NumOps() }, "invalid op"},
		{"param outside q", func(p *ir.Program, _ int) { p.G.Nodes[0].Aux = 99 }, "outside q"},
		{"schedule order", func(p *ir.Program, _ int) {
			g := p.Groups[len(p.Groups)-1]
			g.Nodes[0], g.Nodes[len(g.Nodes)-1] = g.Nodes[len(g.Nodes)-1], g.Nodes[0]
		}, "before its argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, p := compileModel(t, irtest.EightSchools(false))
			if err := ir.Check(p); err != nil {
				t.Fatalf("valid program: %v", err)
			}
			v := 0
			for v < len(p.G.Nodes) && p.G.Nodes[v].Op.Info().Arity != 2 {
				v++
			}
			tt.corrupt(p, v)
			err := ir.Check(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
