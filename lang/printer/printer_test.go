package printer

import (
	"bytes"
	"flag"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

func fmtParse(t *testing.T, name string, src []byte) *lang.Program {
	t.Helper()
	p, err := lang.Parse(name, src)
	if err != nil {
		if l, ok := err.(lang.ErrorList); ok {
			t.Fatalf("%v\n%s", err, l.Format(name, src))
		}
		t.Fatal(err)
	}
	return p
}

// checkRoundTrip asserts the printer's two promises for a parsed program p:
// its output parses back to the same tree, and formatting is a fixed point.
// It returns the formatted text.
func checkRoundTrip(t *testing.T, name string, p *lang.Program) []byte {
	t.Helper()
	out := Format(p)
	q, err := lang.Parse(name, out)
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

// TestFormatGolden formats each testdata/*.bym and compares it with its
// .golden file (go test -run TestFormatGolden -update rewrites them; read
// the diff before committing). The golden must itself be canonical:
// reformatting it changes nothing.
func TestFormatGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.bym"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/*.bym files (%v)", err)
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

// TestFormatRoundTrip checks every model in the repository: this package's
// testdata, lang/testdata (all folders) and models/. Only an error case of
// lang/testdata/bad may fail to parse, and only with the message its .out
// file expects (lang's TestBad checks that message); any other file that
// does not parse fails the test.
func TestFormatRoundTrip(t *testing.T) {
	var files []string
	for _, root := range []string{"testdata", filepath.Join("..", "testdata"), filepath.Join("..", "..", "models")} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".bym") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no .bym files found under testdata, ../testdata and ../../models")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := lang.Parse(f, src)
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
// is there for: f is a bad program of lang/testdata/bad and its .out file holds
// exactly err's formatted message.
func expectedParseError(f string, src []byte, err error) bool {
	if filepath.Dir(f) != filepath.Join("..", "testdata", "bad") {
		return false
	}
	want, rerr := os.ReadFile(strings.TrimSuffix(f, ".bym") + ".out")
	l, ok := err.(lang.ErrorList)
	// the .out files name the program as lang's tests read it: testdata/bad/...
	name := strings.TrimPrefix(filepath.ToSlash(f), "../")
	return rerr == nil && ok && l.Format(name, src) == string(want)
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

func fmtIdent(name string) *lang.Ident { return &lang.Ident{Name: name} }
func fmtInt(text string) *lang.IntLit {
	v, _ := strconv.ParseInt(text, 10, 64)
	return &lang.IntLit{Value: v, Text: text}
}
func fmtBin(op lang.BinOp, x, y lang.Expr) *lang.BinaryExpr {
	return &lang.BinaryExpr{Op: op, X: x, Y: y}
}
func fmtNeg(x lang.Expr) *lang.UnaryExpr { return &lang.UnaryExpr{Op: lang.UnaryNeg, X: x} }

// TestFormatHandBuilt covers trees a pass builds that no parse yields: an if
// without else inside an if with else needs braces to keep its meaning.
func TestFormatHandBuilt(t *testing.T) {
	inner := &lang.IfStmt{Cond: fmtIdent("b"), Then: &lang.TargetStmt{Value: fmtInt("1")}}
	p := &lang.Program{Model: &lang.Block{Kind: lang.BlockModel, Stmts: []lang.Stmt{
		&lang.IfStmt{Cond: fmtIdent("a"), Then: inner, Else: &lang.TargetStmt{Value: fmtInt("2")}},
		&lang.AssignStmt{LHS: fmtIdent("x"), Op: lang.Assign, RHS: &lang.RealLit{Value: 2}, Notes: lang.Notes{Comments: []string{"// set by a pass"}}},
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
	outer := q.Model.Stmts[0].(*lang.IfStmt)
	if _, ok := outer.Then.(*lang.BlockStmt); !ok || outer.Else == nil {
		t.Errorf("the else went to the wrong if: %s", lang.ExprString(outer.Cond))
	}
	var buf bytes.Buffer
	if err := Fprint(&buf, p); err != nil || buf.String() != want {
		t.Errorf("Fprint wrote %q, %v", buf.String(), err)
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
	q.Model.Stmts[0].(*lang.TildeStmt).Args[0].(*lang.BinaryExpr).T = lang.Real
	if d := astDiff(p, q); d != "" {
		t.Errorf("a checker-set type counted: %s", d)
	}
	q.Model.Stmts[0].(*lang.TildeStmt).Args[0].(*lang.BinaryExpr).Op = lang.OpSub
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
	genUnary = []lang.UnaryOp{lang.UnaryNeg, lang.UnaryNot, lang.UnaryPlus}
)

func (g *exprGen) pick(n int) int { return g.r.IntN(n) }

func (g *exprGen) leaf() lang.Expr {
	switch g.pick(3) {
	case 0:
		return fmtInt(genInts[g.pick(len(genInts))])
	case 1:
		s := genReals[g.pick(len(genReals))]
		v, _ := strconv.ParseFloat(s, 64)
		return &lang.RealLit{Value: v, Text: s}
	}
	return fmtIdent(genNames[g.pick(len(genNames))])
}

func (g *exprGen) expr(depth int) lang.Expr {
	if depth <= 0 || g.pick(5) == 0 {
		return g.leaf()
	}
	d := depth - 1
	switch g.pick(10) {
	case 0, 1, 2:
		return fmtBin(lang.BinOp(g.pick(int(lang.OpEltPow)+1)), g.expr(d), g.expr(d))
	case 3:
		return &lang.UnaryExpr{Op: genUnary[g.pick(len(genUnary))], X: g.expr(d)}
	case 4:
		return &lang.TransposeExpr{X: g.expr(d)}
	case 5:
		ix := &lang.IndexExpr{X: g.expr(d)}
		for n := 1 + g.pick(3); n > 0; n-- {
			ix.Indices = append(ix.Indices, g.index(d))
		}
		return ix
	case 6:
		c := &lang.CallExpr{Name: genFuncs[g.pick(len(genFuncs))]}
		for n := g.pick(4); n > 0; n-- {
			c.Args = append(c.Args, g.expr(d))
		}
		c.Bar = len(c.Args) > 1 && g.pick(3) == 0
		return c
	case 7:
		return &lang.CondExpr{Cond: g.expr(d), Then: g.expr(d), Else: g.expr(d)}
	case 8:
		a := &lang.ArrayExpr{}
		for n := 1 + g.pick(3); n > 0; n-- {
			a.Elems = append(a.Elems, g.expr(d))
		}
		return a
	default:
		r := &lang.RowVectorExpr{}
		for n := 1 + g.pick(3); n > 0; n-- {
			r.Elems = append(r.Elems, g.expr(d))
		}
		return r
	}
}

func (g *exprGen) index(depth int) lang.Index {
	switch g.pick(5) {
	case 0:
		return lang.Index{Range: true}
	case 1:
		return lang.Index{Range: true, Lo: g.expr(depth)}
	case 2:
		return lang.Index{Range: true, Hi: g.expr(depth)}
	case 3:
		return lang.Index{Range: true, Lo: g.expr(depth), Hi: g.expr(depth)}
	}
	return lang.Index{Single: g.expr(depth)}
}

func (g *exprGen) maybe(depth int) lang.Expr {
	if g.pick(2) == 0 {
		return nil
	}
	return g.expr(depth)
}

// lvalue is a variable, perhaps indexed: what an assignment or ~ may start with.
func (g *exprGen) lvalue(depth int) lang.Expr {
	v := fmtIdent(genNames[g.pick(len(genNames))])
	if g.pick(2) == 0 {
		return v
	}
	return &lang.IndexExpr{X: v, Indices: []lang.Index{g.index(depth)}}
}

func (g *exprGen) program(depth int) *lang.Program {
	t := &lang.TypeSpec{Kind: lang.DeclVector, Sizes: []lang.Expr{g.expr(depth)}, ArrayDims: []lang.Expr{g.expr(depth)}}
	if g.pick(2) == 0 {
		t.Lower, t.Upper = g.maybe(depth), g.maybe(depth)
	} else {
		t.Offset, t.Multiplier = g.maybe(depth), g.maybe(depth)
	}
	tilde := &lang.TildeStmt{LHS: g.lvalue(depth), Dist: "normal", Args: []lang.Expr{g.expr(depth), g.expr(depth)}}
	if g.pick(2) == 0 {
		tilde.HasTrunc, tilde.TruncLo, tilde.TruncHi = true, g.maybe(depth), g.maybe(depth)
	}
	var els lang.Stmt
	if g.pick(2) == 0 {
		els = &lang.TargetStmt{Value: g.expr(depth)}
	}
	return &lang.Program{
		Parameters: &lang.Block{Kind: lang.BlockParameters, Stmts: []lang.Stmt{
			&lang.VarDecl{Type: t, Name: "v", Block: lang.BlockParameters},
		}},
		Model: &lang.Block{Kind: lang.BlockModel, Stmts: []lang.Stmt{
			&lang.VarDecl{Type: &lang.TypeSpec{Kind: lang.DeclReal}, Name: "z", Init: g.expr(depth), Block: lang.BlockModel},
			&lang.TargetStmt{Value: g.expr(depth)},
			&lang.ForStmt{Var: "i", Lo: g.expr(depth), Hi: g.expr(depth), Body: tilde},
			&lang.IfStmt{Cond: g.expr(depth),
				Then: &lang.AssignStmt{LHS: g.lvalue(depth), Op: lang.AssignOp(g.pick(int(lang.EltDivAssign) + 1)), RHS: g.expr(depth)},
				Else: els},
			&lang.ForEachStmt{Var: "e", Collection: g.expr(depth), Body: &lang.BlockStmt{Body: &lang.Block{Kind: lang.BlockLocal, Stmts: []lang.Stmt{
				&lang.PrintStmt{Args: []lang.Expr{&lang.StringLit{Value: "e = "}, g.expr(depth)}},
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
		q, err := lang.Parse("random.bym", out)
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

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

// compareGolden checks got against the golden file at path, or rewrites the
// file with -update; read the diff before committing it.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// sharedDir is ../shared beside the checkout, where CI puts the posteriordb
// models; tests that need it skip when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (it holds posteriordb and the corpus beside the checkout)", dir)
	}
	return dir
}
