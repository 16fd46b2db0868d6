package lang

import (
	"strconv"
	"testing"
)

func fmtIdent(name string) *Ident { return &Ident{Name: name} }
func fmtInt(text string) *IntLit {
	v, _ := strconv.ParseInt(text, 10, 64)
	return &IntLit{Value: v, Text: text}
}
func fmtBin(op BinOp, x, y Expr) *BinaryExpr { return &BinaryExpr{Op: op, X: x, Y: y} }
func fmtNeg(x Expr) *UnaryExpr               { return &UnaryExpr{Op: UnaryNeg, X: x} }

// TestExprString pins the parenthesisation of trees built by hand, the way
// a pass such as the reparameterisation builds them.
func TestExprString(t *testing.T) {
	a, b, c := fmtIdent("a"), fmtIdent("b"), fmtIdent("c")
	tests := []struct {
		name string
		e    Expr
		want string
	}{
		{"unary binds looser than ^", fmtNeg(fmtBin(OpPow, fmtInt("2"), fmtInt("2"))), "-2 ^ 2"},
		{"negated base of ^", fmtBin(OpPow, fmtNeg(fmtInt("2")), fmtInt("2")), "(-2) ^ 2"},
		{"negative exponent", fmtBin(OpPow, fmtInt("2"), fmtNeg(fmtInt("1"))), "2 ^ -1"},
		{"sum times", fmtBin(OpMul, fmtBin(OpAdd, a, b), c), "(a + b) * c"},
		{"plus product", fmtBin(OpAdd, a, fmtBin(OpMul, b, c)), "a + b * c"},
		{"left-assoc minus", fmtBin(OpSub, fmtBin(OpSub, a, b), c), "a - b - c"},
		{"right operand minus", fmtBin(OpSub, a, fmtBin(OpSub, b, c)), "a - (b - c)"},
		{"right-assoc pow", fmtBin(OpPow, a, fmtBin(OpPow, b, c)), "a ^ b ^ c"},
		{"left pow", fmtBin(OpPow, fmtBin(OpPow, a, b), c), "(a ^ b) ^ c"},
		{"transpose under minus", fmtNeg(&TransposeExpr{X: a}), "-a'"},
		{"transpose of negation", &TransposeExpr{X: fmtNeg(a)}, "(-a)'"},
		{"nested negation", fmtNeg(fmtNeg(a)), "-(-a)"},
		{"not of comparison", &UnaryExpr{Op: UnaryNot, X: fmtBin(OpLt, a, b)}, "!(a < b)"},
		{"and or", fmtBin(OpOr, fmtBin(OpAnd, a, b), c), "a && b || c"},
		{"or inside and", fmtBin(OpAnd, a, fmtBin(OpOr, b, c)), "a && (b || c)"},
		{"left division", fmtBin(OpMul, fmtBin(OpLeftDiv, a, b), c), "a \\ b * c"},
		{"elementwise inside division", fmtBin(OpLeftDiv, a, fmtBin(OpEltMul, b, c)), "a \\ b .* c"},
		{"division inside elementwise", fmtBin(OpEltMul, fmtBin(OpLeftDiv, a, b), c), "(a \\ b) .* c"},
		{"ternary", &CondExpr{Cond: a, Then: b, Else: c}, "a ? b : c"},
		{"ternary in else", &CondExpr{Cond: a, Then: b, Else: &CondExpr{Cond: c, Then: a, Else: b}}, "a ? b : c ? a : b"},
		{"ternary in cond", &CondExpr{Cond: &CondExpr{Cond: a, Then: b, Else: c}, Then: a, Else: b}, "(a ? b : c) ? a : b"},
		{"ternary in then", &CondExpr{Cond: a, Then: &CondExpr{Cond: b, Then: a, Else: c}, Else: b}, "a ? (b ? a : c) : b"},
		{"ternary operand", fmtBin(OpAdd, &CondExpr{Cond: a, Then: b, Else: c}, fmtInt("1")), "(a ? b : c) + 1"},
		{"range index", &IndexExpr{X: fmtIdent("x"), Indices: []Index{{Range: true, Lo: fmtInt("2"), Hi: fmtIdent("N")}}}, "x[2:N]"},
		{"all and single", &IndexExpr{X: fmtIdent("x"), Indices: []Index{{Range: true}, {Single: fmtIdent("j")}}}, "x[:, j]"},
		{"multi-index", &IndexExpr{X: fmtIdent("x"), Indices: []Index{{Single: fmtIdent("idx")}}}, "x[idx]"},
		{"compound range ends", &IndexExpr{X: fmtIdent("x"), Indices: []Index{{Range: true, Lo: fmtBin(OpAdd, fmtIdent("K"), fmtInt("1"))}}}, "x[(K + 1):]"},
		{"index of a sum", &IndexExpr{X: fmtBin(OpAdd, a, b), Indices: []Index{{Single: fmtInt("1")}}}, "(a + b)[1]"},
		{"lpdf with bar", &CallExpr{Name: "normal_lpdf", Bar: true, Args: []Expr{fmtIdent("y"), fmtIdent("mu"), fmtIdent("sigma")}}, "normal_lpdf(y | mu, sigma)"},
		{"call without args", &CallExpr{Name: "f"}, "f()"},
		{"array and row vector", &CallExpr{Name: "f", Args: []Expr{&ArrayExpr{Elems: []Expr{a, b}}, &RowVectorExpr{Elems: []Expr{a, b}}}}, "f({a, b}, [a, b])"},
		{"real without text", &RealLit{Value: 1}, "1.0"},
		{"small real without text", &RealLit{Value: 1e-10}, "1e-10"},
		{"negative real without text", fmtBin(OpPow, a, &RealLit{Value: -0.5}), "a ^ -0.5"},
		{"negative real as base", fmtBin(OpPow, &RealLit{Value: -0.5}, a), "(-0.5) ^ a"},
		{"int without text", &IntLit{Value: 42}, "42"},
		{"literal text kept", &RealLit{Value: 0.001, Text: "1e-3"}, "1e-3"},
		{"string", &StringLit{Value: "x = "}, `"x = "`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExprString(tt.e); got != tt.want {
				t.Errorf("ExprString = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTypeString(t *testing.T) {
	tests := []struct {
		t    *TypeSpec
		want string
	}{
		{&TypeSpec{Kind: DeclReal}, "real"},
		{&TypeSpec{Kind: DeclReal, ArrayDims: []Expr{fmtIdent("N")}}, "array[N] real"},
		{&TypeSpec{Kind: DeclVector, Sizes: []Expr{fmtIdent("K")}, ArrayDims: []Expr{fmtIdent("N"), fmtInt("2")}, Lower: fmtInt("0")}, "array[N, 2] vector<lower=0>[K]"},
		{&TypeSpec{Kind: DeclReal, Offset: fmtIdent("mu"), Multiplier: fmtIdent("tau")}, "real<offset=mu, multiplier=tau>"},
		{&TypeSpec{Kind: DeclReal, Lower: fmtNeg(fmtInt("1")), Upper: fmtBin(OpSub, fmtInt("1"), fmtIdent("a"))}, "real<lower=-1, upper=(1 - a)>"},
		{&TypeSpec{Kind: DeclMatrix, Sizes: []Expr{fmtIdent("N"), fmtIdent("M")}}, "matrix[N, M]"},
		{&TypeSpec{Kind: DeclVector, Sizes: []Expr{&CondExpr{Cond: fmtIdent("a"), Then: fmtInt("1"), Else: fmtInt("2")}}}, "vector[(a ? 1 : 2)]"},
		{&TypeSpec{Kind: DeclCholeskyFactorCov, Sizes: []Expr{fmtIdent("M"), fmtIdent("N")}}, "cholesky_factor_cov[M, N]"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := TypeString(tt.t); got != tt.want {
				t.Errorf("TypeString = %q, want %q", got, tt.want)
			}
		})
	}
}
