package lang

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func fmtParse(t *testing.T, name string, src []byte) *Program {
	t.Helper()
	p, err := Parse(name, src)
	if err != nil {
		if l, ok := err.(ErrorList); ok {
			t.Fatalf("%v\n%s", err, l.Format(name, src))
		}
		t.Fatal(err)
	}
	return p
}

// checkRoundTrip asserts the printer's two promises for a parsed program p:
// its output parses back to the same tree, and formatting is a fixed point.
// It returns the formatted text.
func checkRoundTrip(t *testing.T, name string, p *Program) []byte {
	t.Helper()
	out := Format(p)
	q, err := Parse(name, out)
	if err != nil {
		t.Fatalf("formatted program does not parse: %v\n%s", err, out)
	}
	if d := astDiff(p, q); d != "" {
		t.Fatalf("formatted program parses to another tree: %s\n%s", d, out)
	}
	if again := Format(q); !bytes.Equal(again, out) {
		t.Fatalf("formatting is not a fixed point:\n--- first\n%s--- second\n%s", out, again)
	}
	return out
}

// TestFormatGolden formats each testdata/fmt/*.bym and compares it with its
// .golden file (go test -run TestFormatGolden -update rewrites them; read
// the diff before committing). The golden must itself be canonical:
// reformatting it changes nothing.
func TestFormatGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fmt", "*.bym"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/fmt/*.bym files (%v)", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p := fmtParse(t, f, src)
			got := checkRoundTrip(t, f, p)
			golden := strings.TrimSuffix(f, ".bym") + ".golden"
			compareGolden(t, golden, string(got))
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			g := fmtParse(t, golden, want)
			if again := Format(g); !bytes.Equal(again, want) {
				t.Errorf("reformatting %s changes it:\n%s", golden, again)
			}
		})
	}
}

// TestFormatRoundTrip checks every model in the repository: lang/testdata
// (all folders) and models/. Only an error case of testdata/bad may fail
// to parse, and only with the message its .out file expects (TestBad
// checks that message); any other file that does not parse fails the test.
func TestFormatRoundTrip(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", filepath.Join("..", "models")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".bym") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no .bym files found under testdata and ../models")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(f, src)
			if err != nil {
				if expectedParseError(f, src, err) {
					t.Skipf("does not parse, an error case: %v", err)
				}
				t.Fatalf("does not parse: %v", err)
			}
			checkRoundTrip(t, f, p)
		})
	}
}

// expectedParseError reports whether err, from parsing file f, is what f
// is there for: f is a bad program of testdata/bad and its .out file holds
// exactly err's formatted message.
func expectedParseError(f string, src []byte, err error) bool {
	if filepath.Dir(f) != filepath.Join("testdata", "bad") {
		return false
	}
	want, rerr := os.ReadFile(strings.TrimSuffix(f, ".bym") + ".out")
	l, ok := err.(ErrorList)
	return rerr == nil && ok && l.Format(f, src) == string(want)
}

// posteriordbLayoutDiffers lists the posteriordb programs whose line breaks
// a person chose differently from the printer's greedy filling; the printer
// moves terms up onto lines with room (kept under 80 columns).
var posteriordbLayoutDiffers = map[string]string{
	"mesquite-logmesquite_logvas": "one term per continuation line where two fit in 80 columns",
	"nes1992-nes":                 "two terms per continuation line where three fit in 80 columns",
}

// TestFormatPosteriordb checks that the posteriordb programs, written in
// canonical style, round-trip and come out byte for byte.
func TestFormatPosteriordb(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "posteriordb", "*", "model.bym"))
	if len(files) == 0 {
		t.Skip("skipping: no posteriordb models under ../shared/posteriordb")
	}
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := checkRoundTrip(t, f, fmtParse(t, f, src))
			why, differs := posteriordbLayoutDiffers[name]
			switch {
			case !differs && !bytes.Equal(got, src):
				t.Errorf("Format differs from the file:\n--- got\n%s--- file\n%s", got, src)
			case differs && bytes.Equal(got, src):
				t.Errorf("Format now reproduces the file: remove it from posteriordbLayoutDiffers")
			case differs:
				t.Logf("layout differs as expected: %s", why)
			}
		})
	}
}

// ---------------------------------------------------------------- hand-built trees

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

// TestFormatHandBuilt covers trees a pass builds that no parse yields: an if
// without else inside an if with else needs braces to keep its meaning.
func TestFormatHandBuilt(t *testing.T) {
	inner := &IfStmt{Cond: fmtIdent("b"), Then: &TargetStmt{Value: fmtInt("1")}}
	p := &Program{Model: &Block{Kind: BlockModel, Stmts: []Stmt{
		&IfStmt{Cond: fmtIdent("a"), Then: inner, Else: &TargetStmt{Value: fmtInt("2")}},
		&AssignStmt{LHS: fmtIdent("x"), Op: Assign, RHS: &RealLit{Value: 2}, Notes: Notes{Comments: []string{"// set by a pass"}}},
	}}}
	want := `model {
  if (a) {
    if (b)
      target += 1;
  } else
    target += 2;
  // set by a pass
  x = 2.0;
}
`
	got := string(Format(p))
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	q := fmtParse(t, "hand.bym", []byte(got))
	outer := q.Model.Stmts[0].(*IfStmt)
	if _, ok := outer.Then.(*BlockStmt); !ok || outer.Else == nil {
		t.Errorf("the else went to the wrong if: %s", sexpr(outer.Cond))
	}
	var buf bytes.Buffer
	if err := Print(&buf, p); err != nil || buf.String() != want {
		t.Errorf("Print wrote %q, %v", buf.String(), err)
	}
}

// TestAstDiff checks the comparison the round trips rely on: it ignores
// positions and checker results and sees every other change.
func TestAstDiff(t *testing.T) {
	src := []byte("model {\n  y ~ normal(mu + 1, sigma);\n}\n")
	p := fmtParse(t, "a.bym", src)
	q := fmtParse(t, "b.bym", []byte("model {   y~normal(mu+1,\n sigma) ; }"))
	if d := astDiff(p, q); d != "" {
		t.Errorf("same program laid out differently: %s", d)
	}
	q.Model.Stmts[0].(*TildeStmt).Args[0].(*BinaryExpr).T = Real
	if d := astDiff(p, q); d != "" {
		t.Errorf("a checker-set type counted: %s", d)
	}
	q.Model.Stmts[0].(*TildeStmt).Args[0].(*BinaryExpr).Op = OpSub
	if d := astDiff(p, q); !strings.Contains(d, "Op") {
		t.Errorf("a changed operator went unseen: %q", d)
	}
	r := fmtParse(t, "c.bym", []byte("model {\n  // note\n  y ~ normal(mu + 1, sigma);\n}\n"))
	if d := astDiff(p, r); !strings.Contains(d, "Comments") {
		t.Errorf("a comment went unseen: %q", d)
	}
}

// ---------------------------------------------------------------- random trees

// exprGen builds random expressions over every operator and expression node,
// and random statements that put them in every syntactic position the
// printer treats specially (bounds, sizes, ranges, truncation, conditions).
type exprGen struct {
	r *rand.Rand
}

var (
	genNames = []string{"a", "b", "c", "mu", "sigma", "x", "theta_raw", "y2"}
	genInts  = []string{"0", "1", "2", "10", "123"}
	genReals = []string{"0.5", ".5", "2.", "1e-3", "1.5E+10", "3.14"}
	genFuncs = []string{"f", "exp", "log_sum_exp", "normal_lpdf", "rep_vector"}
	genUnary = []UnaryOp{UnaryNeg, UnaryNot, UnaryPlus}
)

func (g *exprGen) pick(n int) int { return g.r.IntN(n) }

func (g *exprGen) leaf() Expr {
	switch g.pick(3) {
	case 0:
		return fmtInt(genInts[g.pick(len(genInts))])
	case 1:
		s := genReals[g.pick(len(genReals))]
		v, _ := strconv.ParseFloat(s, 64)
		return &RealLit{Value: v, Text: s}
	}
	return fmtIdent(genNames[g.pick(len(genNames))])
}

func (g *exprGen) expr(depth int) Expr {
	if depth <= 0 || g.pick(5) == 0 {
		return g.leaf()
	}
	d := depth - 1
	switch g.pick(10) {
	case 0, 1, 2:
		return fmtBin(BinOp(g.pick(int(OpEltPow)+1)), g.expr(d), g.expr(d))
	case 3:
		return &UnaryExpr{Op: genUnary[g.pick(len(genUnary))], X: g.expr(d)}
	case 4:
		return &TransposeExpr{X: g.expr(d)}
	case 5:
		ix := &IndexExpr{X: g.expr(d)}
		for n := 1 + g.pick(3); n > 0; n-- {
			ix.Indices = append(ix.Indices, g.index(d))
		}
		return ix
	case 6:
		c := &CallExpr{Name: genFuncs[g.pick(len(genFuncs))]}
		for n := g.pick(4); n > 0; n-- {
			c.Args = append(c.Args, g.expr(d))
		}
		c.Bar = len(c.Args) > 1 && g.pick(3) == 0
		return c
	case 7:
		return &CondExpr{Cond: g.expr(d), Then: g.expr(d), Else: g.expr(d)}
	case 8:
		a := &ArrayExpr{}
		for n := 1 + g.pick(3); n > 0; n-- {
			a.Elems = append(a.Elems, g.expr(d))
		}
		return a
	default:
		r := &RowVectorExpr{}
		for n := 1 + g.pick(3); n > 0; n-- {
			r.Elems = append(r.Elems, g.expr(d))
		}
		return r
	}
}

func (g *exprGen) index(depth int) Index {
	switch g.pick(5) {
	case 0:
		return Index{Range: true}
	case 1:
		return Index{Range: true, Lo: g.expr(depth)}
	case 2:
		return Index{Range: true, Hi: g.expr(depth)}
	case 3:
		return Index{Range: true, Lo: g.expr(depth), Hi: g.expr(depth)}
	}
	return Index{Single: g.expr(depth)}
}

func (g *exprGen) maybe(depth int) Expr {
	if g.pick(2) == 0 {
		return nil
	}
	return g.expr(depth)
}

// lvalue is a variable, perhaps indexed: what an assignment or ~ may start with.
func (g *exprGen) lvalue(depth int) Expr {
	v := fmtIdent(genNames[g.pick(len(genNames))])
	if g.pick(2) == 0 {
		return v
	}
	return &IndexExpr{X: v, Indices: []Index{g.index(depth)}}
}

func (g *exprGen) program(depth int) *Program {
	t := &TypeSpec{Kind: DeclVector, Sizes: []Expr{g.expr(depth)}, ArrayDims: []Expr{g.expr(depth)}}
	if g.pick(2) == 0 {
		t.Lower, t.Upper = g.maybe(depth), g.maybe(depth)
	} else {
		t.Offset, t.Multiplier = g.maybe(depth), g.maybe(depth)
	}
	tilde := &TildeStmt{LHS: g.lvalue(depth), Dist: "normal", Args: []Expr{g.expr(depth), g.expr(depth)}}
	if g.pick(2) == 0 {
		tilde.HasTrunc, tilde.TruncLo, tilde.TruncHi = true, g.maybe(depth), g.maybe(depth)
	}
	var els Stmt
	if g.pick(2) == 0 {
		els = &TargetStmt{Value: g.expr(depth)}
	}
	return &Program{
		Parameters: &Block{Kind: BlockParameters, Stmts: []Stmt{
			&VarDecl{Type: t, Name: "v", Block: BlockParameters},
		}},
		Model: &Block{Kind: BlockModel, Stmts: []Stmt{
			&VarDecl{Type: &TypeSpec{Kind: DeclReal}, Name: "z", Init: g.expr(depth), Block: BlockModel},
			&TargetStmt{Value: g.expr(depth)},
			&ForStmt{Var: "i", Lo: g.expr(depth), Hi: g.expr(depth), Body: tilde},
			&IfStmt{Cond: g.expr(depth),
				Then: &AssignStmt{LHS: g.lvalue(depth), Op: AssignOp(g.pick(int(EltDivAssign) + 1)), RHS: g.expr(depth)},
				Else: els},
			&ForEachStmt{Var: "e", Collection: g.expr(depth), Body: &BlockStmt{Body: &Block{Kind: BlockLocal, Stmts: []Stmt{
				&PrintStmt{Args: []Expr{&StringLit{Value: "e = "}, g.expr(depth)}},
			}}}},
		}},
	}
}

// TestFormatRandomTrees is the property that proves the parenthesisation and
// the line breaking: for random trees, Format then Parse gives the same tree
// back, and formatting again changes nothing.
func TestFormatRandomTrees(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	g := exprGen{r: rand.New(rand.NewPCG(2026, 11))}
	for i := 0; i < n; i++ {
		p := g.program(1 + i%5)
		out := Format(p)
		q, err := Parse("random.bym", out)
		if err != nil {
			t.Fatalf("case %d: formatted tree does not parse: %v\n%s", i, err, out)
		}
		if d := astDiff(p, q); d != "" {
			t.Fatalf("case %d: formatted tree parses to another tree: %s\n%s", i, d, out)
		}
		if again := Format(q); !bytes.Equal(again, out) {
			t.Fatalf("case %d: not a fixed point:\n%s\n%s", i, out, again)
		}
	}
}
