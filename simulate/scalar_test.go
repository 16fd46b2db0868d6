package simulate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// The data the EvalScalar tests refer to, bound by package data.
const (
	evalData = `data {
  int N;
  array[3] int idx;
  vector[2] v;
  row_vector[3] r;
  matrix[2, 3] M;
  array[2] vector[3] av;
  array[0] int none;
  real x;
}
`
	evalJSON = `{"N": 3, "idx": [4, -2, 7], "v": [0.5, 1.5], "r": [1, 2, 3],
"M": [[1, 2, 3], [4, 5, 6]], "av": [[1, 2, 3], [4, 5, 6.5]], "none": [], "x": 0.5}`
)

// evalLine is the line of the program that holds the expression: print
// takes an expression of any type, so that the checker types e as it is.
const evalLine = "transformed data { print("

// checkExpr parses and checks e in a program over evalData, and returns
// it with the data; err is the checker's error when it refuses e.
func checkExpr(t *testing.T, e string) (lang.Expr, map[string]*simulate.Value, error) {
	t.Helper()
	p, err := lang.ParseAndCheck("eval.bym", []byte(evalData+evalLine+e+"); }\n"))
	if err != nil {
		return nil, nil, err
	}
	d, err := data.Load(p, "eval.json", []byte(evalJSON))
	if err != nil {
		t.Fatal(err)
	}
	return p.TransformedData.Stmts[0].(*lang.PrintStmt).Args[0], d.Vars, nil
}

// TestEvalScalar checks Stan's scalar arithmetic in sizes mode; the
// expected values follow the Stan Reference Manual's rules ("Arithmetic and
// matrix operations on expressions": int division truncates, ^ is real,
// comparisons give int).
func TestEvalScalar(t *testing.T) {
	i := func(n int) simulate.Scalar { return simulate.Scalar{IsInt: true, Int: n} }
	r := func(x float64) simulate.Scalar { return simulate.Scalar{Real: x} }
	for _, c := range []struct {
		expr string
		want simulate.Scalar
	}{
		{"1 + 2 * 3", i(7)},
		{"7 / 2", i(3)},
		{"-7 / 2", i(-3)},
		{"7 %/% 2", i(3)},
		{"-7 % 3", i(-1)},
		{"7.0 / 2", r(3.5)},
		{"2 ^ 3", r(8)},
		{"-2 ^ 2", r(-4)},
		{"N - 10", i(-7)},
		{"N > 2", i(1)},
		{"N == 3 && 0", i(0)},
		{"0 || N", i(1)},
		{"!N", i(0)},
		{"N > 2 ? 1 : 2.5", r(1)},
		{"N < 2 ? 1 : 2", i(2)},
		{"N > 2 ? 1 : idx[9]", i(1)}, // the branch not taken is not evaluated, as in C++
		{"idx[2]", i(-2)},
		{"idx[N]", i(7)},
		{"M[2, 3]", r(6)},
		{"M[2][1]", r(4)},
		{"av[2, 3]", r(6.5)},
		{"av[2][3]", r(6.5)},
		{"size(idx)", i(3)},
		{"size(M)", i(6)},
		{"size(av)", i(2)},
		{"size(av[1])", i(3)},
		{"size(none)", i(0)},
		{"num_elements(av)", i(6)},
		{"rows(M)", i(2)},
		{"cols(M)", i(3)},
		{"rows(v)", i(2)},
		{"cols(v)", i(1)},
		{"rows(r)", i(1)},
		{"cols(r)", i(3)},
		{"cols(M[1])", i(3)},
		{"rows(M[1])", i(1)},
		{"min(idx)", i(-2)},
		{"max(idx)", i(7)},
		{"max(3, 2.5)", r(3)},
		{"min(v)", r(0.5)},
		{"sum(idx)", i(9)},
		{"sum(M)", r(21)},
		{"abs(-3)", i(3)},
		{"fabs(-2.5)", r(2.5)},
		{"floor(2.7)", r(2)},
		{"ceil(2.1)", r(3)},
		{"round(2.5)", r(3)},
		{"sqrt(16)", r(4)},
		{"fmax(1, 2)", r(2)},
		{"pow(2, 10)", r(1024)},
		{"int_step(-1)", i(0)},
		{"2147483647", i(2147483647)},
		{"-2147483647 - 1", i(-2147483648)},
	} {
		t.Run(c.expr, func(t *testing.T) {
			e, env, err := checkExpr(t, c.expr)
			if err != nil {
				t.Fatal(err)
			}
			got, err := simulate.EvalScalar(e, env)
			if err != nil {
				t.Fatalf("EvalScalar: %v", err)
			}
			if got != c.want {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

// TestEvalScalarErrors checks that each failure gives a *lang.Error at the
// part that failed (at: the first occurrence of that text in the
// expression), saying why; and that what the checker refuses never reaches
// the evaluator (checker: the checker's message, from the line on).
func TestEvalScalarErrors(t *testing.T) {
	for _, c := range []struct{ expr, at, want, checker string }{
		{"idx[4]", "4", "index 4 is out of range in idx[4]: the size is 3 (Stan indexes from 1)", ""},
		{"idx[N + 1]", "N + 1", "index N + 1 = 4 is out of range in idx[N + 1]: the size is 3", ""},
		{"idx[0]", "0", "index 0 is out of range", ""},
		{"M[1, 2, 3]", "", "", `too many indexes for "M" (matrix)`},
		{"idx[1.5]", "", "", "index must be int, array of ints or a range; found real"},
		{"1 / 0", "1 / 0", "integer division by zero in 1 / 0", ""},
		{"N % 0", "N % 0", "integer division by zero", ""},
		{"2147483647 + 1", "2147483647 + 1", "integer overflow: 2147483648 does not fit in a Stan int (32-bit)", ""},
		{"-2147483647 - 2", "-2147483647 - 2", "integer overflow", ""},
		{"46341 * 46341", "46341 * 46341", "integer overflow", ""},
		{"-(-2147483647 - 1)", "-(", "integer overflow: 2147483648 does not fit", ""},
		{"abs(-2147483647 - 1)", "abs", "integer overflow: 2147483648 does not fit", ""},
		{"sum({1, 2})", "{1, 2}", "cannot evaluate {1, 2} here: sizes and bounds of data may use", ""},
		{"foo", "", "", `unknown variable "foo"`},
		{"normal_rng(0, 1)", "normal_rng", "cannot evaluate normal_rng here", ""},
		{"rep_array(1, N)", "rep_array", "cannot evaluate rep_array here: sizes and bounds of data may use int and real literals, earlier data, arithmetic, comparisons, && || !, ?:, single indexes and the functions abs, ceil, cols, exp, fabs, floor, fmax, fmin, int_step, inv, log, log10, log2, max, min, num_elements, pow, round, rows, size, sqrt, square, sum, trunc", ""},
		{"idx", "idx", "idx is a 1-dimensional array, not a scalar", ""},
		{"M[1]", "M[1]", "M[1] is a row_vector, not a scalar", ""},
		{"idx[1:2]", "1:2", "cannot evaluate the range index in idx[1:2] here: only single int indexes are supported in sizes and bounds", ""},
		{"idx[idx]", "idx]", "idx is a 1-dimensional array where a scalar is needed", ""},
		{"1.5 % 2", "", "", "operator % needs int operands"},
		{"x ? 1 : 2", "x ?", "the condition of ?: must be an int, but x is real", ""},
		{"size(1)", "", "", "size: no overload takes (int)"},
		{"sqrt(v)", "v)", "sqrt needs a scalar here, but v is a vector", ""},
		{"fmax(1)", "", "", "fmax: expected 2 arguments, found 1"},
		{"min(none)", "min", "min of an empty container", ""},
		{"v'", "v'", "cannot evaluate v' here", ""},
		{"N * v", "v", "v is a vector where a scalar is needed", ""},
		{"-v", "v", "v is a vector where a scalar is needed", ""},
	} {
		t.Run(c.expr, func(t *testing.T) {
			e, env, err := checkExpr(t, c.expr)
			if c.checker != "" {
				if err == nil || !strings.Contains(err.Error(), c.checker) {
					t.Fatalf("checker: got %v, want an error containing %q", err, c.checker)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = simulate.EvalScalar(e, env)
			var le *lang.Error
			if !errors.As(err, &le) || !strings.Contains(le.Msg, c.want) {
				t.Fatalf("got error %v, want a *lang.Error containing %q", err, c.want)
			}
			line := strings.Count(evalData, "\n") + 1
			col := len(evalLine) + strings.Index(c.expr, c.at) + 1
			if le.Pos != (lang.Pos{Line: line, Col: col}) {
				t.Errorf("error at %d:%d, want %d:%d (%q)", le.Pos.Line, le.Pos.Col, line, col, c.at)
			}
		})
	}
}

// TestEvalScalarUnknown: a name without a value in env is an error at the
// name (a size may only use data declared earlier).
func TestEvalScalarUnknown(t *testing.T) {
	e, env, err := checkExpr(t, "N + 1")
	if err != nil {
		t.Fatal(err)
	}
	delete(env, "N")
	_, err = simulate.EvalScalar(e, env)
	want := fmt.Sprintf("%d:%d: N is not known here: only data declared earlier can be used", strings.Count(evalData, "\n")+1, len(evalLine)+1)
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}

// TestIndexOutOfRange: an index out of range in generated quantities is
// the error sizes give, at the index: its value named when it is not
// written in it, a multi-index's element with the index it came from.
func TestIndexOutOfRange(t *testing.T) {
	for _, c := range []struct{ expr, at, want string }{
		{"y[N + 1]", "N + 1", "index N + 1 = 4 is out of range in y[N + 1]: the size is 3 (Stan indexes from 1)"},
		{"y[0]", "0", "index 0 is out of range in y[0]: the size is 3 (Stan indexes from 1)"},
		{"sum(y[idx])", "idx", "index 7 (of idx) is out of range in y[idx]: the size is 3 (Stan indexes from 1)"},
		{"sum(y[2:N + 2])", "2:", "index 4 is out of range in y[2:(N + 2)]: the size is 3 (Stan indexes from 1)"},
	} {
		t.Run(c.expr, func(t *testing.T) {
			line := "  real z = " + c.expr + ";\n"
			src := "data {\n  int N;\n  vector[N] y;\n  array[2] int idx;\n}\ngenerated quantities {\n" + line + "}\n"
			p, err := lang.ParseAndCheck("gq.bym", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.Load(p, "gq.json", []byte(`{"N": 3, "y": [1, 2, 3], "idx": [1, 7]}`))
			if err != nil {
				t.Fatal(err)
			}
			g, err := simulate.NewGenerator(p, d.Vars)
			if err != nil {
				t.Fatal(err)
			}
			err = g.Run(nil, nil, make([]float64, 1))
			want := fmt.Sprintf("generated quantities: 7:%d: %s", strings.Index(line, c.at)+1, c.want)
			if err == nil || err.Error() != want {
				t.Errorf("got %v\nwant %s", err, want)
			}
		})
	}
}
