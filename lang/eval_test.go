package lang

import (
	"strings"
	"testing"
)

// evalEnv is the data the Eval tests refer to, loaded through LoadData.
func evalEnv(t *testing.T) map[string]*Value {
	t.Helper()
	p := mustParse(t, `data {
  int N;
  array[3] int idx;
  vector[2] v;
  row_vector[3] r;
  matrix[2, 3] M;
  array[2] vector[3] av;
  array[0] int none;
}`)
	d, err := LoadData(p, "env.json", []byte(`{"N": 3, "idx": [4, -2, 7], "v": [0.5, 1.5], "r": [1, 2, 3],
"M": [[1, 2, 3], [4, 5, 6]], "av": [[1, 2, 3], [4, 5, 6.5]], "none": []}`))
	if err != nil {
		t.Fatal(err)
	}
	return d.Vars
}

// parseExpr parses e as the initial value of a transformed data variable.
func parseExpr(t *testing.T, e string) Expr {
	t.Helper()
	p := mustParse(t, "transformed data { real x = "+e+"; }")
	return p.TransformedData.Stmts[0].(*VarDecl).Init
}

// TestEval checks Stan's scalar arithmetic; the expected values follow the
// Stan Reference Manual's rules ("Arithmetic and matrix operations on
// expressions": int division truncates, ^ is real, comparisons give int).
func TestEval(t *testing.T) {
	env := evalEnv(t)
	for _, c := range []struct {
		expr string
		want Scalar
	}{
		{"1 + 2 * 3", IntScalar(7)},
		{"7 / 2", IntScalar(3)},
		{"-7 / 2", IntScalar(-3)},
		{"7 %/% 2", IntScalar(3)},
		{"-7 % 3", IntScalar(-1)},
		{"7.0 / 2", RealScalar(3.5)},
		{"2 ^ 3", RealScalar(8)},
		{"-2 ^ 2", RealScalar(-4)},
		{"N - 10", IntScalar(-7)},
		{"N > 2", IntScalar(1)},
		{"N == 3 && 0", IntScalar(0)},
		{"0 || N", IntScalar(1)},
		{"!N", IntScalar(0)},
		{"N > 2 ? 1 : 2.5", RealScalar(1)},
		{"N < 2 ? 1 : 2", IntScalar(2)},
		{"idx[2]", IntScalar(-2)},
		{"idx[N]", IntScalar(7)},
		{"M[2, 3]", RealScalar(6)},
		{"M[2][1]", RealScalar(4)},
		{"av[2, 3]", RealScalar(6.5)},
		{"av[2][3]", RealScalar(6.5)},
		{"size(idx)", IntScalar(3)},
		{"size(M)", IntScalar(6)},
		{"size(av)", IntScalar(2)},
		{"size(av[1])", IntScalar(3)},
		{"size(none)", IntScalar(0)},
		{"num_elements(av)", IntScalar(6)},
		{"rows(M)", IntScalar(2)},
		{"cols(M)", IntScalar(3)},
		{"rows(v)", IntScalar(2)},
		{"cols(v)", IntScalar(1)},
		{"rows(r)", IntScalar(1)},
		{"cols(r)", IntScalar(3)},
		{"cols(M[1])", IntScalar(3)},
		{"rows(M[1])", IntScalar(1)},
		{"min(idx)", IntScalar(-2)},
		{"max(idx)", IntScalar(7)},
		{"max(3, 2.5)", RealScalar(3)},
		{"min(v)", RealScalar(0.5)},
		{"sum(idx)", IntScalar(9)},
		{"sum(M)", RealScalar(21)},
		{"abs(-3)", IntScalar(3)},
		{"fabs(-2.5)", RealScalar(2.5)},
		{"floor(2.7)", RealScalar(2)},
		{"ceil(2.1)", RealScalar(3)},
		{"round(2.5)", RealScalar(3)},
		{"sqrt(16)", RealScalar(4)},
		{"fmax(1, 2)", RealScalar(2)},
		{"pow(2, 10)", RealScalar(1024)},
		{"int_step(-1)", IntScalar(0)},
		{"2147483647", IntScalar(2147483647)},
	} {
		t.Run(c.expr, func(t *testing.T) {
			got, err := Eval(parseExpr(t, c.expr), env)
			if err != nil {
				t.Fatalf("Eval: %v", err)
			}
			if got != c.want {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

// TestEvalErrors checks that each failure gives an error, at the place of
// the part that failed, saying why.
func TestEvalErrors(t *testing.T) {
	env := evalEnv(t)
	for _, c := range []struct{ expr, want string }{
		{"idx[4]", "1:33: index 4 is out of range in idx[4]: the size is 3"},
		{"idx[N + 1]", "index N + 1 = 4 is out of range"},
		{"idx[0]", "index 0 is out of range"},
		{"M[1, 2, 3]", "too many indexes"},
		{"idx[1.5]", "an index must be an int"},
		{"1 / 0", "integer division by zero"},
		{"N % 0", "integer division by zero"},
		{"2147483647 + 1", "integer overflow"},
		{"-2147483647 - 2", "integer overflow"},
		{"46341 * 46341", "integer overflow"},
		{"abs(-2147483647 - 1)", "integer overflow"},
		{"sum({1, 2})", "cannot evaluate"},
		{"foo", "foo is not known here"},
		{"normal_rng(0, 1)", "cannot evaluate normal_rng here"},
		{"idx", "idx is a 1-dimensional array, not a scalar"},
		{"M[1]", "is a row_vector, not a scalar"},
		{"idx[1:2]", "range index"},
		{"1.5 % 2", "% needs two ints"},
		{"1.5 ? 1 : 2", "the condition of ?: must be an int"},
		{"size(1)", "size takes one array, vector or matrix"},
		{"sqrt(v)", "sqrt needs a scalar here, but v is a vector"},
		{"fmax(1)", "fmax takes 2 argument(s) here, not 1"},
		{"min(none)", "min of an empty container"},
		{"v'", "cannot evaluate"},
		{"N * v", "where a scalar is needed"},
	} {
		t.Run(c.expr, func(t *testing.T) {
			_, err := Eval(parseExpr(t, c.expr), env)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v, want one containing %q", err, c.want)
			}
			if _, ok := err.(*Error); err != nil && !ok {
				t.Errorf("error %T is not a positioned *Error", err)
			}
		})
	}
}
