package lang

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden .out files of testdata/bad")

// parseCheck parses and checks one file, returning the formatted errors ("" when none).
func parseCheck(t *testing.T, path string) (*Program, string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.ToSlash(path)
	p, err := Parse(name, src)
	if err == nil {
		err = Check(p)
	}
	if err == nil {
		return p, ""
	}
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("%s: error is %T, not ErrorList: %v", path, err, err)
	}
	return p, list.Format(name, src)
}

// posteriordbDir is ../shared/posteriordb beside the checkout.
func posteriordbDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "posteriordb")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (the posteriordb models live beside the checkout)", dir)
	}
	return dir
}

// TestCheckPosteriordb checks that every posteriordb model and the repository's
// own models type-check with no errors, and that the checker typed every
// expression and resolved every name and call.
func TestCheckPosteriordb(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(posteriordbDir(t), "*", "model.bym"))
	if len(files) == 0 {
		t.Skip("skipping: no posteriordb models found")
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			p, msg := parseCheck(t, f)
			if msg != "" {
				t.Fatalf("unexpected errors:\n%s", msg)
			}
			assertResolved(t, p)
		})
	}
}

// assertResolved fails for any expression left untyped or name left unresolved.
func assertResolved(t *testing.T, p *Program) {
	t.Helper()
	Inspect(p, func(n Node) bool {
		switch x := n.(type) {
		case *StringLit:
		case *CallExpr:
			if x.TypeOf() == Invalid && (x.Fn == nil || !x.Fn.Void) {
				t.Errorf("%d:%d: %T has no type", x.Position().Line, x.Position().Col, x)
			}
		case Expr:
			if x.TypeOf() == Invalid {
				t.Errorf("%d:%d: %T has no type", x.Position().Line, x.Position().Col, x)
			}
		case *TildeStmt:
			if x.Sig == nil && x.Fn == nil {
				t.Errorf("%d:%d: ~ %s has no signature", x.Pos.Line, x.Pos.Col, x.Dist)
			}
		}
		switch x := n.(type) {
		case *Ident:
			if x.Decl == nil {
				t.Errorf("%d:%d: %s is unresolved", x.Pos.Line, x.Pos.Col, x.Name)
			}
		case *CallExpr:
			if x.Sig == nil && x.Fn == nil {
				t.Errorf("%d:%d: call of %s has no signature", x.Pos.Line, x.Pos.Col, x.Name)
			}
		}
		return true
	})
}

// TestCheckRepoModels checks the example models shipped in models/.
func TestCheckRepoModels(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "models", "*.bym"))
	if len(files) == 0 {
		t.Skip("skipping: models/ holds no .bym file yet")
	}
	checkClean(t, files)
}

// checkClean requires each file to check with no error, every name resolved.
func checkClean(t *testing.T, files []string) {
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, msg := parseCheck(t, f)
			if msg != "" {
				t.Fatalf("unexpected errors:\n%s", msg)
			}
			assertResolved(t, p)
		})
	}
}

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

// TestBad checks each malformed program in testdata/bad against its golden
// .out file: every message, formatted as `bayes check` prints it (exit code 1).
// Run `go test ./lang -run TestBad -update` to rewrite the goldens, then read the diff.
func TestBad(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.bym"))
	if len(files) < 30 {
		t.Fatalf("found %d bad programs, want at least 30", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			_, got := parseCheck(t, f)
			if got == "" {
				t.Fatal("no errors reported for a malformed program")
			}
			compareGolden(t, f[:len(f)-len(".bym")]+".out", got)
		})
	}
}

// TestGood checks that the valid programs in testdata/good check cleanly.
func TestGood(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "good", "*.bym"))
	if len(files) == 0 {
		t.Fatal("no programs in testdata/good")
	}
	checkClean(t, files)
}

// TestGoodCoversBuiltins checks that the programs in testdata/good call every
// built-in function, and use every distribution in a ~ statement, at least
// once. The functions of the library's families are made by one rule from
// their rows (distFuncs): TestLibraryFamiliesCheck calls each of them; the
// library's plain functions TestLibraryFuncsCheck calls, every overload.
func TestGoodCoversBuiltins(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "good", "*.bym"))
	used := map[string]bool{}
	for _, f := range files {
		p, msg := parseCheck(t, f)
		if msg != "" {
			continue // reported by TestGood
		}
		Inspect(p, func(n Node) bool {
			switch x := n.(type) {
			case *CallExpr:
				if x.Sig != nil {
					used[x.Sig.Name()] = true
				}
			case *TildeStmt:
				if x.Sig != nil {
					used["~"+x.Sig.Dist.Name] = true
				}
			}
			return true
		})
	}
	for _, name := range FuncNames() {
		if !used[name] && builtins[name].Lib == nil && (builtins[name].Overloads[0].Dist == nil || builtins[name].Overloads[0].Dist.Lib == nil) {
			t.Errorf("no program in testdata/good calls %s", name)
		}
	}
	for _, d := range dists {
		if !used["~"+d.Name] && d.Lib == nil {
			t.Errorf("no program in testdata/good uses ~ %s", d.Name)
		}
	}
}

// TestLibraryFamiliesCheck writes, for each family of the library, a
// program that uses it in a ~ statement and calls each of its functions,
// with a parameter for each real argument and an int for each int one,
// scalars and vectors, and checks that it type-checks cleanly and resolves
// each call to the family.
// TestLibraryFuncsCheck calls every overload of each plain function of the
// library with data arguments of its parameters' types (arrays for "any
// array"), and checks that the call resolves to that overload.
func TestLibraryFuncsCheck(t *testing.T) {
	decl := func(p Param) string {
		ty := p.Type
		switch p.Class {
		case ClassAnyArray:
			ty = Type{Kind: KindReal, Dims: 1}
		case ClassAny:
			ty = Vector
		case ClassElements: // the vectorised overload: containers
			ty = Vector
			if p.Type.Kind == KindInt {
				ty = Type{Kind: KindInt, Dims: 1}
			}
		}
		base := map[Kind]string{KindInt: "int", KindReal: "real", KindVector: "vector[2]",
			KindRowVector: "row_vector[2]", KindMatrix: "matrix[2, 2]"}[ty.Kind]
		if ty.Dims == 0 {
			return base
		}
		return "array[" + strings.TrimSuffix(strings.Repeat("2, ", ty.Dims), ", ") + "] " + base
	}
	for _, f := range builtins {
		if f.Lib == nil {
			continue
		}
		for _, s := range f.Overloads {
			t.Run(fmt.Sprintf("%s%v", f.Name, paramTypes(s)), func(t *testing.T) {
				var b strings.Builder
				b.WriteString("data {\n")
				args := make([]string, len(s.Params))
				for i, p := range s.Params {
					args[i] = fmt.Sprintf("a%d", i+1)
					fmt.Fprintf(&b, "  %s %s;\n", decl(p), args[i])
				}
				fmt.Fprintf(&b, "}\ngenerated quantities {\n  print(%s(%s));\n}\n", f.Name, strings.Join(args, ", "))
				src := b.String()
				p, err := ParseAndCheck("func.bym", []byte(src))
				if err != nil {
					t.Fatalf("%v\n%s", err, src)
				}
				Inspect(p, func(n Node) bool {
					if c, ok := n.(*CallExpr); ok && c.Name == f.Name && c.Sig != s {
						t.Errorf("the call resolves to overload %d, not %d\n%s", c.Sig.Index, s.Index, src)
					}
					return true
				})
			})
		}
	}
}

func TestLibraryFamiliesCheck(t *testing.T) {
	for _, d := range dists {
		if d.Lib == nil {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			scalars, vectors := make([]string, len(d.Params)), make([]string, len(d.Params))
			for i, p := range d.Params {
				scalars[i], vectors[i] = "s", "v"
				if p.Class == ClassInts {
					scalars[i], vectors[i] = "N", "Ns"
				}
			}
			args, vargs := strings.Join(scalars, ", "), strings.Join(vectors, ", ")
			y, ys, draw, density := "y", "ys", "real", "_lpdf"
			if d.Outcome == OutcomeInt {
				y, ys, draw, density = "k", "ks", "int", "_lpmf"
			}
			bar := func(a string) string {
				if a == "" {
					return ""
				}
				return " | " + a
			}
			var b strings.Builder
			b.WriteString("data { real y; vector[3] ys; int k; array[3] int ks; int N; array[3] int Ns; }\n")
			b.WriteString("parameters { real<lower=0> s; vector<lower=0>[3] v; }\n")
			fmt.Fprintf(&b, "model {\n  %s ~ %s(%s);\n  %s ~ %s(%s);\n", y, d.Name, args, ys, d.Name, vargs)
			fmt.Fprintf(&b, "  target += %s%s(%s%s) + %s%s(%s%s);\n", d.Name, density, y, bar(args), d.Name, strings.Replace(density, "_l", "_lu", 1), ys, bar(vargs))
			if d.CDF {
				fmt.Fprintf(&b, "  target += %s_cdf(%s%s) + %s_lcdf(%s%s) + %s_lccdf(%s%s);\n", d.Name, y, bar(args), d.Name, ys, bar(vargs), d.Name, y, bar(args))
			}
			fmt.Fprintf(&b, "}\ngenerated quantities {\n  %s r = %s_rng(%s);\n  array[3] %s rs = %s_rng(%s);\n}\n", draw, d.Name, args, draw, d.Name, vargs)
			if len(d.Params) == 0 {
				b.Reset() // std_normal_rng() has no vectorised form
				fmt.Fprintf(&b, "data { real y; vector[3] ys; }\nmodel {\n  y ~ %s();\n  ys ~ %s();\n  target += %s_lpdf(y) + %s_lupdf(ys);\n", d.Name, d.Name, d.Name, d.Name)
				if d.CDF {
					fmt.Fprintf(&b, "  target += %s_cdf(y) + %s_lcdf(ys) + %s_lccdf(y);\n", d.Name, d.Name, d.Name)
				}
				fmt.Fprintf(&b, "}\ngenerated quantities { real r = %s_rng(); }\n", d.Name)
			}
			src := b.String()
			p, err := Parse("family.bym", []byte(src))
			if err == nil {
				err = Check(p)
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			calls := 0
			Inspect(p, func(n Node) bool {
				if c, ok := n.(*CallExpr); ok && c.Sig != nil && c.Sig.Dist == d {
					calls++
				}
				return true
			})
			want := 4
			if d.CDF {
				want += 3
			}
			if len(d.Params) == 0 {
				want--
			}
			if calls != want {
				t.Errorf("%d calls resolved to %s, want %d:\n%s", calls, d.Name, want, src)
			}
		})
	}
}

// typeDecls declares one variable of each common type for TestExprTypes.
const typeDecls = `data {
  int i;
  real x;
  vector[3] v;
  row_vector[3] r;
  matrix[3, 3] m;
  array[3] int ia;
  array[3] real xa;
  array[3] vector[3] va;
  array[2, 3] real xa2;
  array[2, 3] matrix[3, 3] ma;
}
`

// TestExprTypes checks the type of expressions against the Stan Functions
// Reference's signatures for operators, indexing and vectorised functions.
func TestExprTypes(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"1", "int"},
		{"1.5", "real"},
		{"i + 1", "int"},
		{"i / 2", "int"}, // integer division, as in Stan
		{"i * x", "real"},
		{"i ^ 2", "real"},
		{"i % 2", "int"},
		{"i %/% 2", "int"},
		{"x < i", "int"},
		{"x && i", "int"},
		{"!x", "int"},
		{"-v", "vector"},
		{"v * x", "vector"},
		{"2 * v", "vector"},
		{"v + 1", "vector"},
		{"m * v", "vector"},
		{"r * v", "real"},
		{"v * r", "matrix"},
		{"r * m", "row_vector"},
		{"m * m", "matrix"},
		{"m \\ v", "vector"},
		{"v'", "row_vector"},
		{"r'", "vector"},
		{"m'", "matrix"},
		{"v .* v", "vector"},
		{"m ./ m", "matrix"},
		{"x .* x", "real"}, // stanc3's elt_multiply and elt_divide of scalars
		{"i .* x", "real"},
		{"i .* i", "int"},
		{"i ./ 2", "int"},
		{"x ./ i", "real"},
		{"v / x", "vector"},
		{"v .^ 2", "vector"},
		{"v[1]", "real"},
		{"v[ia]", "vector"},
		{"v[2:3]", "vector"},
		{"m[1]", "row_vector"},
		{"m[1, 2]", "real"},
		{"m[:, 2]", "vector"},
		{"m[1, :]", "row_vector"},
		{"m[ia, ia]", "matrix"},
		{"m[2:, 1]", "vector"},
		{"xa[1]", "real"},
		{"xa[ia]", "array[] real"},
		{"xa2[1]", "array[] real"},
		{"xa2[1, 2]", "real"},
		{"xa2[:, 2]", "array[] real"},
		{"va[1]", "vector"},
		{"va[1, 2]", "real"},
		{"va[:, 2]", "array[] real"},
		{"va[ia]", "array[] vector"},
		{"ma[1, 2, 3]", "row_vector"},
		{"ma[1, 2, 3, 1]", "real"},
		{"ma[:, 1, 2, :]", "array[] row_vector"},
		{"i ? x : i", "real"},
		{"{1, 2}", "array[] int"},
		{"{1, 2.5}", "array[] real"},
		{"{v, v}", "array[] vector"},
		{"[1, x]", "row_vector"},
		{"[r, r]", "matrix"},
		{"exp(i)", "real"},
		{"exp(v)", "vector"},
		{"log(xa2)", "array[,] real"},
		{"exp(ia)", "array[] real"},
		{"abs(i)", "int"},
		{"abs(x)", "real"},
		{"fabs(m)", "matrix"},
		{"floor(x)", "real"},
		{"sum(ia)", "int"},
		{"sum(v)", "real"},
		{"min(i, i)", "int"},
		{"max(x, i)", "real"},
		{"max(ia)", "int"},
		{"log_sum_exp(x, x)", "real"},
		{"log_sum_exp(v)", "real"},
		{"rep_array(v, 2)", "array[] vector"},
		{"rep_array(1, 2, 3)", "array[,] int"},
		{"to_array_1d(m)", "array[] real"},
		{"to_array_1d(xa2)", "array[] real"},
		{"head(va, 2)", "array[] vector"},
		{"size(va)", "int"},
		{"normal_lpdf(v | 0, 1)", "real"},
		{"poisson_lpmf(ia | v)", "real"},
		{"normal_rng(0, 1)", "real"},
		{"normal_rng(v, 1)", "array[] real"},
		{"poisson_rng(x)", "int"},
		{"poisson_rng(xa)", "array[] int"},
		{"multi_normal_rng(v, m)", "vector"},
		{"multinomial_rng(v, 10)", "array[] int"},
		{"pi()", "real"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := typeDecls + "transformed data {\n  print(" + tt.expr + ");\n}\n"
			p, err := Parse("types.bym", []byte(src))
			if err == nil {
				err = Check(p)
			}
			if err != nil {
				t.Fatalf("%s", err.(ErrorList).Format("types.bym", []byte(src)))
			}
			got := (p.TransformedData.Stmts[0].(*PrintStmt).Args[0].TypeOf()).String()
			if got != tt.want {
				t.Errorf("type of %s = %s, want %s", tt.expr, got, tt.want)
			}
		})
	}
}

// TestBuiltinTable walks the table: every function has an overload, names are
// unique, every signature knows its row and place, and every distribution
// generates the functions its row promises.
func TestBuiltinTable(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range dists {
		if seen["~"+d.Name] {
			t.Errorf("distribution %s has two rows", d.Name)
		}
		seen["~"+d.Name] = true
		if d.Lpdf == nil || LookupFunc(d.Lpdf.Name) != d.Lpdf {
			t.Errorf("distribution %s has no density function", d.Name)
		}
		for _, p := range d.Params {
			if p.Name == "" {
				t.Errorf("distribution %s has an unnamed parameter", d.Name)
			}
		}
		suffixes := []string{"_rng"}
		if d.Mv != nil && d.Mv.NoRngFunc != "" {
			suffixes = nil // Stan has none
			if LookupFunc(d.Name+"_rng") != nil {
				t.Errorf("distribution %s has %s_rng, which its library entry says Stan lacks", d.Name, d.Name)
			}
		}
		if d.Outcome == OutcomeInt {
			suffixes = append(suffixes, "_lpmf", "_lupmf")
		} else {
			suffixes = append(suffixes, "_lpdf", "_lupdf")
		}
		if d.CDF {
			suffixes = append(suffixes, "_cdf", "_lcdf", "_lccdf")
		}
		for _, s := range suffixes {
			f := LookupFunc(d.Name + s)
			if f == nil {
				t.Errorf("distribution %s has no function %s%s", d.Name, d.Name, s)
				continue
			}
			if f.Overloads[0].Dist != d {
				t.Errorf("%s%s does not point back to its distribution", d.Name, s)
			}
		}
	}
	for _, name := range FuncNames() {
		f := LookupFunc(name)
		if f.Name != name || len(f.Overloads) == 0 {
			t.Errorf("row %s is malformed", name)
		}
		for i, s := range f.Overloads {
			if s.Func != f || s.Index != i {
				t.Errorf("%s overload %d has identity (%s, %d)", name, i, s.Func.Name, s.Index)
			}
		}
	}
	// The functions the issue lists must all be present.
	for _, name := range strings.Fields(`exp log log1p expm1 sqrt square pow inv inv_sqrt fabs abs fmin fmax
		inv_logit logit log_inv_logit log1m_inv_logit log1m log1m_exp log_diff_exp log_sum_exp log_mix
		lgamma digamma lbeta lchoose Phi Phi_approx erf erfc sin cos tan atan tanh step fma floor ceil round
		sum prod mean variance sd min max dot_product dot_self rows_dot_product columns_dot_product
		diag_matrix diagonal diag_pre_multiply diag_post_multiply cumulative_sum softmax log_softmax
		rep_vector rep_row_vector rep_matrix rep_array to_vector to_row_vector to_matrix to_array_1d
		head tail segment append_row append_col cholesky_decompose mdivide_left_tri_low
		mdivide_right_tri_low multiply_lower_tri_self_transpose quad_form log_determinant inverse size
		rows cols num_elements sqrt2 pi e not_a_number positive_infinity negative_infinity
		machine_precision int_step is_inf is_nan target`) {
		if LookupFunc(name) == nil {
			t.Errorf("function %s is missing", name)
		}
	}
	for _, name := range strings.Fields(`normal std_normal cauchy student_t double_exponential logistic
		lognormal exponential gamma inv_gamma weibull beta uniform chi_square inv_chi_square
		scaled_inv_chi_square gumbel bernoulli bernoulli_logit binomial binomial_logit beta_binomial
		poisson poisson_log neg_binomial neg_binomial_2 neg_binomial_2_log categorical
		categorical_logit multinomial ordered_logistic dirichlet multi_normal multi_normal_cholesky
		lkj_corr lkj_corr_cholesky`) {
		if LookupDist(name) == nil {
			t.Errorf("distribution %s is missing", name)
		}
	}
}

// TestNearest checks the misspelling suggestions.
func TestNearest(t *testing.T) {
	tests := []struct {
		name  string
		cands []string
		want  string
	}{
		{"sigm", []string{"mu", "sigma", "tau"}, "sigma"},
		{"nromal_lpdf", []string{"normal_lpdf", "normal_rng"}, "normal_lpdf"},
		{"x", []string{"y"}, ""},         // one letter: no guess
		{"theta", []string{"alpha"}, ""}, // too far
		{"tau", []string{"tau", "tai"}, "tai"},
	}
	for _, tt := range tests {
		if got := Nearest(tt.name, tt.cands); got != tt.want {
			t.Errorf("Nearest(%q, %v) = %q, want %q", tt.name, tt.cands, got, tt.want)
		}
	}
}

// TestSignatures checks which table row and overload calls resolve to: the
// identity the compiler maps to an IR op.
func TestSignatures(t *testing.T) {
	tests := []struct {
		expr        string
		fn          string
		index       int
		elementwise bool
		suffix      Suffix
	}{
		{"exp(v)", "exp", 0, true, SuffixNone},
		{"abs(i)", "abs", 0, false, SuffixNone}, // int -> int: a scalar function, not a vectorised one
		{"abs(x)", "abs", 1, true, SuffixNone},
		{"min(1, 2)", "min", 0, false, SuffixNone},
		{"min(x, 2)", "min", 1, false, SuffixNone}, // one promotion beats none matching
		{"sum(v)", "sum", 2, false, SuffixNone},
		{"dot_product(r, v)", "dot_product", 3, false, SuffixNone},
		{"normal_lpdf(v | 0, 1)", "normal_lpdf", 0, false, SuffixLpdf},
		{"poisson_lcdf(ia | 2)", "poisson_lcdf", 0, false, SuffixLCDF},
		{"normal_rng(0, 1)", "normal_rng", 0, false, SuffixRng},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			src := typeDecls + "transformed data {\n  print(" + tt.expr + ");\n}\n"
			p, err := Parse("sig.bym", []byte(src))
			if err == nil {
				err = Check(p)
			}
			if err != nil {
				t.Fatalf("%s", err.(ErrorList).Format("sig.bym", []byte(src)))
			}
			call := p.TransformedData.Stmts[0].(*PrintStmt).Args[0].(*CallExpr)
			s := call.Sig
			if s == nil || s.Name() != tt.fn || s.Index != tt.index || s.Elementwise != tt.elementwise || s.Suffix != tt.suffix {
				t.Fatalf("%s resolved to %+v, want %s overload %d (elementwise %v, suffix %d)", tt.expr, s, tt.fn, tt.index, tt.elementwise, tt.suffix)
			}
			if s.Func.Overloads[s.Index] != s {
				t.Errorf("%s: signature is not its row's overload %d", tt.expr, s.Index)
			}
			if (s.Suffix != SuffixNone) != (s.Dist != nil) {
				t.Errorf("%s: suffix %d with distribution %v", tt.expr, s.Suffix, s.Dist)
			}
		})
	}
}

// TestResolution checks what Check records beyond types: the declaration of
// each name (loop variables included), the ~ signature and foreach element types.
func TestResolution(t *testing.T) {
	src := `data {
  int N;
  array[N] vector[3] ys;
}
parameters {
  real mu;
}
model {
  for (n in 1:N) {
    for (y in ys[n]) {
      y ~ normal(mu, n);
    }
  }
}
`
	p, err := Parse("res.bym", []byte(src))
	if err == nil {
		err = Check(p)
	}
	if err != nil {
		t.Fatalf("%v", err)
	}
	outer := p.Model.Stmts[0].(*ForStmt)
	inner := outer.Body.(*BlockStmt).Body.Stmts[0].(*ForEachStmt)
	tilde := inner.Body.(*BlockStmt).Body.Stmts[0].(*TildeStmt)
	if inner.ElemType != Real {
		t.Errorf("foreach over a vector: element type %s, want real", inner.ElemType.String())
	}
	y := tilde.LHS.(*Ident)
	if y.Decl == nil || y.Decl.Name != "y" || y.Decl.Type.Type() != Real || y.T != Real {
		t.Errorf("loop variable y resolved to %+v with type %s", y.Decl, y.T.String())
	}
	n := tilde.Args[1].(*Ident)
	if n.Decl == nil || n.Decl.Type.Type() != Int || n.T != Int {
		t.Errorf("loop variable n resolved to %+v with type %s", n.Decl, n.T.String())
	}
	mu := tilde.Args[0].(*Ident)
	if mu.Decl != p.Parameters.Stmts[0] {
		t.Errorf("mu resolved to %+v, want the parameter's declaration", mu.Decl)
	}
	if tilde.Sig == nil || tilde.Sig.Dist != LookupDist("normal") || tilde.Sig.Suffix != SuffixLpdf {
		t.Errorf("~ normal resolved to %+v, want normal_lpdf", tilde.Sig)
	}
	if err := Check(&Program{}); err != nil {
		t.Errorf("an empty program: %v", err)
	}
}

// TestLint checks the int division note: given for int / int only.
func TestLint(t *testing.T) {
	src := "data {\n  int N;\n  real x;\n}\ntransformed data {\n  int h = N / 2;\n  real r = x / 2;\n  int k = N %/% 2;\n}\n"
	p, err := Parse("lint.bym", []byte(src))
	if err == nil {
		err = Check(p)
	}
	if err != nil {
		t.Fatal(err)
	}
	notes := Lint(p)
	want := "lint.bym:6:11: note: N / 2 is int division, which rounds toward zero; multiply a side by 1.0 for real division, or write %/% to keep the rounding and silence this note\n" +
		"      int h = N / 2;\n" +
		"              ^\n"
	if got := notes.Format("lint.bym", []byte(src)); got != want {
		t.Errorf("notes:\n%s\nwant:\n%s", got, want)
	}
}

func paramTypes(s *Signature) []string {
	var out []string
	for _, p := range s.Params {
		out = append(out, p.String())
	}
	return out
}
