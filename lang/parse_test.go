package lang

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir is ../shared beside the checkout, where CI puts the posteriordb
// models; tests that need it skip when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (it holds posteriordb and the reference diagnostics beside the checkout)", dir)
	}
	return dir
}

func TestParsePosteriordbModels(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "posteriordb", "*", "model.bym"))
	if len(files) == 0 {
		t.Skip("skipping: no posteriordb models found")
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(f, src); err != nil {
				t.Fatalf("%v\n%s", err, err.(ErrorList).Format(f, src))
			}
		})
	}
}

// sexpr writes an expression fully parenthesised, so that tests can state the
// tree the parser built independently of the printer.
func sexpr(e Expr) string {
	switch x := e.(type) {
	case *IntLit:
		return x.Text
	case *RealLit:
		return x.Text
	case *StringLit:
		return `"` + x.Value + `"`
	case *Ident:
		return x.Name
	case *BinaryExpr:
		return "(" + sexpr(x.X) + " " + x.Op.String() + " " + sexpr(x.Y) + ")"
	case *UnaryExpr:
		return "(" + x.Op.String() + sexpr(x.X) + ")"
	case *TransposeExpr:
		return "(" + sexpr(x.X) + ")'"
	case *CondExpr:
		return "(" + sexpr(x.Cond) + " ? " + sexpr(x.Then) + " : " + sexpr(x.Else) + ")"
	case *CallExpr:
		s := x.Name + "("
		for i, a := range x.Args {
			if i > 0 {
				if i == 1 && x.Bar {
					s += " | "
				} else {
					s += ", "
				}
			}
			s += sexpr(a)
		}
		return s + ")"
	case *IndexExpr:
		s := sexpr(x.X) + "["
		for i, ix := range x.Indices {
			if i > 0 {
				s += ", "
			}
			if !ix.Range {
				s += sexpr(ix.Single)
				continue
			}
			if ix.Lo != nil {
				s += sexpr(ix.Lo)
			}
			s += ":"
			if ix.Hi != nil {
				s += sexpr(ix.Hi)
			}
		}
		return s + "]"
	case *ArrayExpr:
		s := "{"
		for i, a := range x.Elems {
			if i > 0 {
				s += ", "
			}
			s += sexpr(a)
		}
		return s + "}"
	case *RowVectorExpr:
		s := "["
		for i, a := range x.Elems {
			if i > 0 {
				s += ", "
			}
			s += sexpr(a)
		}
		return s + "]"
	}
	return "?"
}

func TestParsePrecedence(t *testing.T) {
	tests := []struct{ src, want string }{
		{"-2^2", "(-(2 ^ 2))"},
		{"2^-1", "(2 ^ (-1))"},
		{"a^b^c", "(a ^ (b ^ c))"},
		{"a - b - c", "((a - b) - c)"},
		{"a + b * c", "(a + (b * c))"},
		{"a * b .* c", "(a * (b .* c))"},
		{"a \\ b * c", "((a \\ b) * c)"},
		{"-a'", "(-(a)')"},
		{"a' * b", "((a)' * b)"},
		{"x[2:N]", "x[2:N]"},
		{"x[:, j]", "x[:, j]"},
		{"x[:]", "x[:]"},
		{"x[i:]", "x[i:]"},
		{"x[idx][1]", "x[idx][1]"},
		{"a < b && c >= d || !e", "(((a < b) && (c >= d)) || (!e))"},
		{"a == b != c", "((a == b) != c)"},
		{"c ? a : b ? d : e", "(c ? a : (b ? d : e))"},
		{"normal_lpdf(y | mu, sigma)", "normal_lpdf(y | mu, sigma)"},
		{"f()", "f()"},
		{"{1, 2.5, .5, 1e-3}", "{1, 2.5, .5, 1e-3}"},
		{"[a, b]'", "([a, b])'"},
		{"(a + b) * c", "((a + b) * c)"},
		{"a %/% b % c", "((a %/% b) % c)"},
		{"x.^2", "(x .^ 2)"},
		{"-x[1]", "(-x[1])"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			src := "model { target += " + tt.src + "; }"
			p, err := Parse("t.bym", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := sexpr(p.Model.Stmts[0].(*TargetStmt).Value)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseDeclarations(t *testing.T) {
	src := `data {
  int<lower=0> N;
  real y[N];
  array[N, 2] vector<lower=-1, upper=1>[3] z;
  matrix<lower=0>[N, N] m;
  cholesky_factor_cov[4, 3] L;
}
parameters {
  real<offset=mu, multiplier=tau> theta;
  real<lower=0, upper=(1 - a)> b;
  simplex[3] s;
}`
	p, err := Parse("t.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	y := p.Data.Stmts[1].(*VarDecl)
	if y.Name != "y" || len(y.Type.ArrayDims) != 1 || y.Type.Kind != DeclReal {
		t.Errorf("old array syntax: got %+v", y.Type)
	}
	z := p.Data.Stmts[2].(*VarDecl)
	if len(z.Type.ArrayDims) != 2 || z.Type.Kind != DeclVector || sexpr(z.Type.Lower) != "(-1)" || sexpr(z.Type.Sizes[0]) != "3" {
		t.Errorf("array of bounded vectors: got %+v", z.Type)
	}
	if got := z.Type.Type(); got != (Type{Kind: KindVector, Dims: 2}) {
		t.Errorf("z type = %+v", got)
	}
	th := p.Parameters.Stmts[0].(*VarDecl)
	if sexpr(th.Type.Offset) != "mu" || sexpr(th.Type.Multiplier) != "tau" {
		t.Errorf("offset/multiplier: got %+v", th.Type)
	}
	b := p.Parameters.Stmts[1].(*VarDecl)
	if sexpr(b.Type.Upper) != "(1 - a)" {
		t.Errorf("upper: got %s", sexpr(b.Type.Upper))
	}
	if b.Block != BlockParameters || y.Block != BlockData {
		t.Errorf("blocks: %v %v", b.Block, y.Block)
	}
}

func TestParseStatements(t *testing.T) {
	src := `model {
  // a comment for the loop
  for (n in 1:N) {
    y[n] ~ normal(mu, sigma) T[0, ];
  }
  for (x in xs) target += x;
  while (i < 3) i += 1;
  if (a) b = 1; else if (c) b = 2; else { b = 3; }
  print("x = ", x);
  reject("bad");
  mu .*= 2;
  ;
  {
    real z = 1; /* block comment */
    break;
  }
  // trailing
}`
	p, err := Parse("t.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st := p.Model.Stmts
	f := st[0].(*ForStmt)
	if f.Var != "n" || len(f.Comments) != 1 || f.Comments[0] != "// a comment for the loop" {
		t.Errorf("for: %+v", f)
	}
	tl := f.Body.(*BlockStmt).Body.Stmts[0].(*TildeStmt)
	if tl.Dist != "normal" || !tl.HasTrunc || tl.TruncLo == nil || tl.TruncHi != nil || len(tl.Args) != 2 {
		t.Errorf("tilde: %+v", tl)
	}
	if _, ok := st[1].(*ForEachStmt); !ok {
		t.Errorf("foreach: %T", st[1])
	}
	if w := st[2].(*WhileStmt); w.Body.(*AssignStmt).Op != AddAssign {
		t.Errorf("while body: %+v", w.Body)
	}
	if i := st[3].(*IfStmt); i.Else.(*IfStmt).Else == nil {
		t.Errorf("else if chain: %+v", i)
	}
	if pr := st[4].(*PrintStmt); pr.Reject || len(pr.Args) != 2 {
		t.Errorf("print: %+v", pr)
	}
	if rj := st[5].(*PrintStmt); !rj.Reject {
		t.Errorf("reject: %+v", rj)
	}
	if a := st[6].(*AssignStmt); a.Op != EltMulAssign {
		t.Errorf("compound: %+v", a)
	}
	if _, ok := st[7].(*EmptyStmt); !ok {
		t.Errorf("empty: %T", st[7])
	}
	blk := st[8].(*BlockStmt).Body
	if d := blk.Stmts[0].(*VarDecl); d.Block != BlockLocal || len(d.Comments) != 0 || d.Trailing != "/* block comment */" {
		t.Errorf("local decl: %+v", d)
	}
	if b := blk.Stmts[1].(*BreakStmt); b.Continue {
		t.Errorf("break: %+v", b)
	}
	if len(p.Model.TrailingNotes) != 1 || p.Model.TrailingNotes[0] != "// trailing" {
		t.Errorf("trailing notes: %q", p.Model.TrailingNotes)
	}
}
