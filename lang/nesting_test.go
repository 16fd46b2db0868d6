package lang

import (
	"errors"
	"strings"
	"testing"
)

// TestParseNestingLimit: programs that nest past MaxNesting get one
// positioned error instead of a fatal stack overflow (50,000 nested
// parentheses crashed the parser), and programs just within it parse.
func TestParseNestingLimit(t *testing.T) {
	wrap := func(stmt string) string { return "parameters { real x; } model { " + stmt + " }" }
	nested := map[string]func(n int) string{
		"parentheses": func(n int) string {
			return wrap("x ~ normal(" + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ", 1);")
		},
		"braces": func(n int) string {
			return wrap(strings.Repeat("{ ", n) + "x ~ normal(0, 1);" + strings.Repeat(" }", n))
		},
		"brackets": func(n int) string {
			return wrap("x ~ normal(" + strings.Repeat("{", n) + "1" + strings.Repeat("}", n) + strings.Repeat("[1]", n) + ", 1);")
		},
		"minus": func(n int) string { return wrap("x ~ normal(" + strings.Repeat("-", n) + "1, 1);") },
		"not":   func(n int) string { return wrap("x ~ normal(" + strings.Repeat("!", n) + "1, 1);") },
		"power": func(n int) string { return wrap("x ~ normal(" + strings.Repeat("1^", n) + "1, 1);") },
		"ternary": func(n int) string {
			return wrap("x ~ normal(" + strings.Repeat("1 ? 1 : ", n) + "1, 1);")
		},
		"if": func(n int) string { return wrap(strings.Repeat("if (1) ", n) + "x ~ normal(0, 1);") },
		"for": func(n int) string {
			return wrap(strings.Repeat("for (i in 1:2) ", n) + "x ~ normal(0, 1);")
		},
	}
	for name, src := range nested {
		t.Run(name, func(t *testing.T) {
			// The outer braces of the model block, the call's parentheses
			// and such take a few levels: 200 is well within the limit.
			if _, err := Parse("ok.bym", []byte(src(200))); err != nil && strings.Contains(err.Error(), "nests deeper") {
				t.Errorf("200 levels refused: %v", err)
			}
			_, err := Parse("deep.bym", []byte(src(50000)))
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("50,000 levels: got %v, want one positioned error", err)
			}
			if e := list[0]; !strings.Contains(e.Msg, "nests deeper than 256 levels") || e.Pos.Line != 1 || e.Pos.Col < 2 {
				t.Errorf("50,000 levels: got %v at %v, want the nesting error at the token past the limit", e.Msg, e.Pos)
			}
		})
	}
	// Long flat sequences are not nesting.
	flat := []string{
		wrap("x ~ normal(" + strings.Repeat("1 + ", 2000) + "1, 1);"),
		wrap(strings.Repeat("x ~ normal(-1 ? -1 : 1, 1); ", 500)),
		wrap(strings.Repeat("if (1) { x ~ normal(0, 1); } else ", 200) + "x ~ normal(0, 1);"),
	}
	for i, src := range flat {
		if _, err := Parse("flat.bym", []byte(src)); err != nil {
			t.Errorf("flat program %d: %v", i, err)
		}
	}
}
