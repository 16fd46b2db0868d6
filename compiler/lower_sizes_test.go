package compiler

import (
	"fmt"
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

// TestMatrixDivisionRefused: B / A of matrices is B A⁻¹, which the compiler
// does not lower; it must say so rather than divide elementwise (as it once
// did when the shapes agreed, a silently wrong density).
func TestMatrixDivisionRefused(t *testing.T) {
	src := "data { matrix[2, 2] A; matrix[2, 2] B; }\nparameters { real p0; }\nmodel {\n  p0 ~ normal(0, 1);\n  target += sum(B / A);\n}\n"
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "test.json", []byte(`{"A": [[2, 0], [0, 4]], "B": [[1, 2], [3, 4]]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = CompileModel(p, d)
	want := "test.bym:5:17: bayes cannot compile matrix division (matrix / matrix) yet\n"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}
