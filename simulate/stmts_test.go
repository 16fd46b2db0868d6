package simulate_test

import (
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/simulate"
)

// TestTransformedDataStatements runs Stan 2.33+ statements in transformed
// data: fatal_error stops with its own name and the message of mixed
// arguments (strings, ints, reals, containers), a profile block runs as a
// block, and for (x in M) visits a matrix column-major.
func TestTransformedDataStatements(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"fatal_error with mixed arguments", `  if (N > 2) fatal_error("N is ", N, ", y is ", y, ", half ", 0.5, " and ", {1, 2});`,
			`test.bym:4:14: transformed data: fatal_error: N is 3, y is [1,2,4], half 0.5 and [1,2]`},
		{"reject in a profile block", `  profile("checks") {
    real s = 0;
    for (x in M) s = s / 2 + x;
    reject("s is ", s);
  }`, "test.bym:7:5: transformed data: reject: s is 5.875"}, // 1, 3, 2, 4: ((1/2 + 3)/2 + 2)/2 + 4
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := `data { int N; vector[N] y; }
transformed data {
  matrix[2, 2] M = [[1, 2], [3, 4]];
` + c.body + `
}
parameters { real mu; }
model { mu ~ normal(0, 1); }`
			p, d := loadSource(t, src, `{"N": 3, "y": [1, 2, 4]}`)
			_, err := simulate.TransformedData(p, d.Vars, nil)
			if err == nil || !strings.HasPrefix(p.InFile(err).Error(), c.want) {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
}
