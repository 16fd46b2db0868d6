package compiler

import (
	"math"
	"strings"
	"testing"
)

func TestHashConsing(t *testing.T) {
	b := NewBuilder(4)
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
		build func(b *Builder) Value
		want  float64
	}{
		{"-0 + 0 = +0", func(b *Builder) Value { return b.Add(b.Const(negZero), b.Const(0)) }, 0},
		{"-(+0) = -0", func(b *Builder) Value { return b.Neg(b.Const(0)) }, negZero},
		{"1/0 = +Inf", func(b *Builder) Value { return b.Div(b.Const(1), b.Const(0)) }, math.Inf(1)},
		{"1/-0 = -Inf", func(b *Builder) Value { return b.Div(b.Const(1), b.Const(negZero)) }, math.Inf(-1)},
		{"Inf * 0 = NaN", func(b *Builder) Value { return b.Mul(b.Const(math.Inf(1)), b.Const(0)) }, math.NaN()},
		{"log(-1) = NaN", func(b *Builder) Value { return b.Log(b.Const(-1)) }, math.NaN()},
		{"exp(-Inf) = 0", func(b *Builder) Value { return b.Exp(b.Const(math.Inf(-1))) }, 0},
		{"NaN * 1 = NaN", func(b *Builder) Value { return b.Mul(b.Const(math.NaN()), b.Const(1)) }, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(1)
			v := tt.build(b)
			got, ok := b.G.IsConst(v)
			if !ok {
				t.Fatalf("not folded: %s", FormatNode(b.G, v))
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
		build    func(b *Builder, x Value) Value
		wantSelf bool   // simplifies to x itself
		wantOp   Op     // else: the op of the result (OpInvalid: not checked)
		keepOp   string // the op must survive
	}{
		{"x*1", func(b *Builder, x Value) Value { return b.Mul(x, b.Const(1)) }, true, 0, ""},
		{"1*x", func(b *Builder, x Value) Value { return b.Mul(b.Const(1), x) }, true, 0, ""},
		{"x/1", func(b *Builder, x Value) Value { return b.Div(x, b.Const(1)) }, true, 0, ""},
		{"x-0", func(b *Builder, x Value) Value { return b.Sub(x, b.Const(0)) }, true, 0, ""},
		{"x+(-0)", func(b *Builder, x Value) Value { return b.Add(x, b.Const(negZero)) }, true, 0, ""},
		{"-(-x)", func(b *Builder, x Value) Value { return b.Neg(b.Neg(x)) }, true, 0, ""},
		{"x*-1", func(b *Builder, x Value) Value { return b.Mul(x, b.Const(-1)) }, false, OpNeg, ""},
		{"x-(-y)", func(b *Builder, x Value) Value { return b.Sub(x, b.Neg(b.Exp(x))) }, false, OpAdd, ""},
		{"sum(x*y)", func(b *Builder, x Value) Value { return b.Sum(b.Mul(x, b.Exp(x))) }, false, OpDot, ""},
		{"mul(bcast(s), x)", func(b *Builder, x Value) Value { return b.Mul(b.Bcast(b.Const(2), 3), x) }, false, OpMul, ""},
		// Not IEEE-safe, so kept:
		{"x+0 kept (-0+0 = +0)", func(b *Builder, x Value) Value { return b.Add(x, b.Const(0)) }, false, OpAdd, ""},
		{"x*0 kept (Inf*0 = NaN)", func(b *Builder, x Value) Value { return b.Mul(x, b.Const(0)) }, false, OpMul, ""},
		{"x-x kept (Inf-Inf = NaN)", func(b *Builder, x Value) Value { return b.Sub(x, x) }, false, OpSub, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(3)
			x := b.ParamVector(0, 3)
			v := tt.build(b, x)
			if tt.wantSelf {
				if v != x {
					t.Errorf("got %s, want %%%d", FormatNode(b.G, v), x)
				}
				return
			}
			if got := b.G.Node(v).Op; got != tt.wantOp {
				t.Errorf("got %s, want op %s", FormatNode(b.G, v), tt.wantOp)
			}
			if n := b.G.Node(v); tt.name == "mul(bcast(s), x)" && (b.G.Node(n.Args[0]).Op == OpBcast || b.G.Node(n.Args[1]).Op == OpBcast) {
				t.Errorf("bcast kept: %s", FormatNode(b.G, v))
			}
		})
	}
}

func TestShapeErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *Builder)
		want  string
	}{
		{"lengths", func(b *Builder) { b.Add(b.ParamVector(0, 2), b.ParamVector(2, 3)) }, "lengths 2 and 3"},
		{"arity", func(b *Builder) { b.Apply(OpExp) }, "takes 1 arguments"},
		{"param range", func(b *Builder) { b.ParamVector(3, 4) }, "outside q"},
		{"matvec", func(b *Builder) { b.MatVec(b.DataMatrix(2, 2, []float64{1, 2, 3, 4}), b.ParamVector(0, 3)) }, "matrix[2,2] times vector[3]"},
		{"matrix data", func(b *Builder) { b.MatVec(b.ParamVector(0, 4), b.ParamVector(0, 4)) }, "is vector[4], want a matrix"},
		{"index", func(b *Builder) { b.Index([]int{0, 5}, 5) }, "index 5 at position 1"},
		{"sum of scalar vector", func(b *Builder) { b.Apply(OpSum, b.Param(0)) }, "want a vector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(6)
			err := Build(func() error { tt.build(b); return nil })
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
	for _, m := range []model{eightSchools(true), varyingIntercept(300, 7)} {
		t.Run(m.name, func(t *testing.T) {
			b := NewBuilder(m.dim)
			b.Fold, b.Rules = false, false
			lp := m.build(b)
			raw, err := Grad(b, lp)
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(raw); err != nil {
				t.Fatalf("raw program: %v", err)
			}
			CheckPasses = true
			opt, err := Optimize(raw)
			CheckPasses = false
			if err != nil {
				t.Fatal(err)
			}
			live := make([]bool, len(opt.G.Nodes))
			markLive(opt, live)
			if len(opt.G.Nodes) >= len(raw.G.Nodes) {
				t.Errorf("optimised program has %d nodes, raw %d", len(opt.G.Nodes), len(raw.G.Nodes))
			}
			for v, l := range live {
				if !l {
					t.Errorf("dead node after dce: %s", FormatNode(opt.G, Value(v)))
				}
			}
			k0, err := Compile(raw)
			if err != nil {
				t.Fatal(err)
			}
			k1, err := Compile(opt)
			if err != nil {
				t.Fatal(err)
			}
			q := benchPoint(m.dim)
			g0, g1 := make([]float64, m.dim), make([]float64, m.dim)
			lp0, lp1 := k0.LogDensityGrad(g0, q), k1.LogDensityGrad(g1, q)
			if !close(lp0, lp1, 1e-13) {
				t.Errorf("lp raw %v, optimised %v", lp0, lp1)
			}
			for i := range g0 {
				if !close(g0[i], g1[i], 1e-12) {
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
		corrupt func(p *Program, v int) // v: a binary node
		want    string
	}{
		{"forward reference", func(p *Program, v int) { p.G.Nodes[v].Args[0] = Value(len(p.G.Nodes) - 1) }, "not an earlier value"},
		{"wrong shape", func(p *Program, v int) { p.G.Nodes[v].Shape = VectorShape(7) }, "its arguments give"},
		{"extra argument", func(p *Program, v int) { p.G.Nodes[v].Args[3] = 0 }, "beyond its arity"},
		{"bad op", func(p *Program, v int) { p.G.Nodes[v].Op = numOps }, "invalid op"},
		{"param outside q", func(p *Program, _ int) { p.G.Nodes[0].Aux = 99 }, "outside q"},
		{"schedule order", func(p *Program, _ int) {
			g := p.Groups[len(p.Groups)-1]
			g.Nodes[0], g.Nodes[len(g.Nodes)-1] = g.Nodes[len(g.Nodes)-1], g.Nodes[0]
		}, "before its argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, p := compileModel(t, eightSchools(false))
			if err := Check(p); err != nil {
				t.Fatalf("valid program: %v", err)
			}
			v := 0
			for v < len(p.G.Nodes) && p.G.Nodes[v].Op.Info().Arity != 2 {
				v++
			}
			tt.corrupt(p, v)
			err := Check(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
