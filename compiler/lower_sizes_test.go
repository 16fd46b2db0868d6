package compiler

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes/sizetest"
)

// TestSizeMismatches compiles, in the model block, a call of every built-in,
// family (its functions and its ~ statement) and operator that takes a
// container, from lang's tables (package sizetest): each call with sizes
// that break its size rule must fail at the call with the rule's message;
// each well-sized call must compile, or fail only with "bayes cannot compile"
// (a feature the compiler lacks, not a size). Never an internal error, a
// panic or a silent acceptance.
func TestSizeMismatches(t *testing.T) {
	cases, err := sizetest.Cases()
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, sizetest.Statements()...)
	bad, good, unsupported := 0, 0, 0
	for _, c := range cases {
		if !c.AllowedIn(lang.BlockModel) {
			continue
		}
		src, line, col := c.Source(lang.BlockModel)
		p, err := lang.ParseAndCheck("test.bym", []byte(src))
		if err != nil {
			t.Errorf("%s: %v\n%s", c.Name, err, src)
			continue
		}
		d, err := data.Load(p, "test.json", []byte(c.Data()))
		if err != nil {
			t.Errorf("%s: data: %v", c.Name, err)
			continue
		}
		_, err = CompileModel(p, d)
		switch {
		case c.Bad:
			bad++
			want := fmt.Sprintf("test.bym:%d:%d: %s\n", line, col, c.Want)
			if err == nil || !IsCompileError(err) || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%s: got %v\nwant %s%s", c.Name, err, want, src)
			}
		case err == nil:
			good++
		case IsCompileError(err) && strings.Contains(err.Error(), "bayes cannot compile"):
			unsupported++
		default:
			t.Errorf("%s: well-sized, got %v\n%s", c.Name, err, src)
		}
	}
	t.Logf("%d mismatched calls refused at the call, %d well-sized calls compiled, %d not supported by the compiler", bad, good, unsupported)
}

// TestMatrixDivision: B / A of matrices is B A⁻¹ and A \ B is A⁻¹ B
// (Functions Reference, "Matrix division operators"), lowered as
// mdivide_right and mdivide_left, not an elementwise quotient (as the
// compiler once divided when the shapes agreed, a silently wrong density).
// With A = diag(2, 4), B = [1 2; 3 4]: B A⁻¹ = [0.5 0.5; 1.5 1], sum 3.5;
// A⁻¹ B = [0.5 1; 0.75 1], sum 3.25; with A of parameters too.
func TestMatrixDivision(t *testing.T) {
	for _, c := range []struct {
		expr string
		want float64
	}{{"sum(B / A)", 3.5}, {"sum(A \\ B)", 3.25}, {"sum(B[1] / A)", 1}, {"sum(A \\ B[:, 1])", 1.25},
		{"sum(B / (A + p0))", 3.5}, {"sum((A + p0) \\ B)", 3.25}} {
		src := "data { matrix[2, 2] A; matrix[2, 2] B; }\nparameters { real p0; }\nmodel {\n  p0 ~ normal(0, 1);\n  target += " + c.expr + ";\n}\n"
		p, err := lang.ParseAndCheck("test.bym", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		d, err := data.Load(p, "test.json", []byte(`{"A": [[2, 0], [0, 4]], "B": [[1, 2], [3, 4]]}`))
		if err != nil {
			t.Fatal(err)
		}
		m, err := CompileModel(p, d)
		if err != nil {
			t.Fatalf("%s: %v", c.expr, err)
		}
		if got := m.NewKernel().LogDensityGrad(make([]float64, 1), []float64{0}); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("%s = %v, want %v", c.expr, got, c.want)
		}
	}
}
