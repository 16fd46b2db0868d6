package lang

import (
	"fmt"
	"strings"
	"testing"
)

// TestReservedNames declares each word that Stan reserves (Stan Reference
// Manual, "Variables", "Reserved names"; the list is written out here, not
// read from the parser's table) as a parameter, a local and a loop variable:
// each must be refused at the name, with the name in the message. Names
// that only look like them must be accepted.
func TestReservedNames(t *testing.T) {
	words := strings.Fields(`for in while repeat until if then else true false target
		functions model data parameters quantities transformed generated
		profile return break continue print reject fatal_error
		int real complex vector row_vector matrix array tuple
		simplex ordered positive_ordered unit_vector cholesky_factor_corr cholesky_factor_cov
		corr_matrix cov_matrix sum_to_zero_vector sum_to_zero_matrix
		column_stochastic_matrix row_stochastic_matrix
		lower upper offset multiplier void auto struct typedef export extern var static
		x__ theta__ a_b__`)
	for _, w := range words {
		for _, form := range []struct {
			name, src string
			line, col int
		}{
			{"parameter", "parameters {\n  real %s;\n}\n", 2, 8},
			{"local", "model {\n  real %s = 1;\n}\n", 2, 8},
			{"loop variable", "model {\n  for (%s in 1:3) {\n  }\n}\n", 2, 8},
		} {
			t.Run(w+"/"+form.name, func(t *testing.T) {
				src := fmt.Sprintf(form.src, w)
				_, err := ParseAndCheck("test.bym", []byte(src))
				want := fmt.Sprintf("test.bym:%d:%d: %q ", form.line, form.col, w)
				if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "reserve") {
					t.Errorf("got %v, want an error starting %s...reserved...\n%s", err, want, src)
				}
			})
		}
	}
	for _, name := range []string{"x", "For", "lower_", "x_", "x_y_", "data2", "Real", "targets", "in_", "model_x", "u__x"} {
		t.Run("allowed/"+name, func(t *testing.T) {
			src := fmt.Sprintf("parameters {\n  real %s;\n}\nmodel {\n  %s ~ normal(0, 1);\n}\n", name, name)
			if _, err := ParseAndCheck("test.bym", []byte(src)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		})
	}
}
