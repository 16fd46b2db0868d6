package compiler

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// tdataModel is the model of the transformed data tests; BODY goes on
// line 6, indented by two spaces, and may use N = 2 and y = [1, 2].
const tdataModel = `data {
  int N;
  vector[N] y;
}
transformed data {
  BODY
}
parameters {
  real mu;
}
model {
  mu ~ normal(0, 1);
}
`

// TestTransformedDataErrors: an error in transformed data, which the
// interpreter runs before lowering, leaves CompileModel as a
// *lang.FileError positioned at the expression or statement that caused
// it, with the interpreter's message, the source line and a caret.
func TestTransformedDataErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"index out of range", "real z = y[N + 1];",
			"test.bym:6:14: transformed data: index N + 1 = 3 is out of range in y[N + 1]: the size is 2 (Stan indexes from 1)"},
		{"int overflow", "int big = 2147483647 + N;",
			"test.bym:6:13: transformed data: integer overflow: 2147483649 does not fit in a Stan int (32-bit)"},
		{"int division by zero", "int z = N / (N - 2);",
			"test.bym:6:11: transformed data: integer division by zero in N / (N - 2)"},
		{"negative size", "vector[N - 5] w;",
			"test.bym:6:3: transformed data: a size in vector[N - 5] is negative (-3)"},
		{"size mismatch", "vector[3] w = y;",
			"test.bym:6:3: transformed data: "},
		{"reject", `if (N < 5) reject("N must be at least 5, found ", N);`,
			"test.bym:6:14: transformed data: reject: N must be at least 5, found 2"},
		{"declared bound", "real<lower=0> s = -y[1];",
			"test.bym:6:3: transformed data: s = -1 is below its lower bound 0"},
		{"_rng with a bad argument", "real r = normal_rng(0, -1);",
			"test.bym:6:12: transformed data: normal_rng: scale is -1, but must be positive and finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileTData(t, tt.body)
			if err == nil {
				t.Fatalf("compiled; want %s", tt.want)
			}
			var fe *lang.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T %v, want a *lang.FileError", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("got\n%s\nwant a message starting\n%s", msg, tt.want)
			}
			if lines := strings.Split(msg, "\n"); len(lines) != 3 || !strings.HasSuffix(lines[2], "^") {
				t.Errorf("want the message, the source line and a caret, got\n%s", msg)
			}
		})
	}
}

func compileTData(t *testing.T, body string) (*Model, error) {
	t.Helper()
	src := strings.Replace(tdataModel, "BODY", body, 1)
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "test.json", []byte(`{"N": 2, "y": [1, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	return CompileModel(p, d)
}

// TestTransformedDataBound: the interpreter's transformed data are bound as
// data are: they size a parameter, and `~` drops the summands that depend
// on them alone (here -log s), as Stan does for doubles. With z = 2y =
// (2, 4), s = 2 and b of size K = N + 1 = 3, the log density at q is
// -Σ(z - mu)²/2 - Σ b²/(2s²).
func TestTransformedDataBound(t *testing.T) {
	const src = `data {
  int N;
  vector[N] y;
}
transformed data {
  vector[N] z = 2 * y;
  int K = N + 1;
  real s = z[1];
  print("K = ", K);
}
parameters {
  real mu;
  vector[K] b;
}
model {
  z ~ normal(mu, 1);
  b ~ normal(0, s);
}
`
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "test.json", []byte(`{"N": 2, "y": [1, 2]}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := CompileModel(p, d)
	if err != nil {
		t.Fatal(err)
	}
	if m.Dim() != 4 {
		t.Fatalf("Dim = %d, want 4 (mu and b of size K = 3)", m.Dim())
	}
	q := []float64{0.5, 1, -2, 0.25}
	want := -((2-0.5)*(2-0.5)+(4-0.5)*(4-0.5))/2 - (1+4+0.0625)/8
	// to rounding: the kernel adds the terms in an order of its own
	if got := m.NewKernel().LogDensityGrad(make([]float64, 4), q); math.Abs(got-want) > 1e-14*math.Abs(want) {
		t.Errorf("log density %v, want %v", got, want)
	}
	note := "test.bym:9:3: print in transformed data is compiled away"
	if len(m.Notes) != 1 || !strings.HasPrefix(m.Notes[0], note) {
		t.Errorf("notes %q, want one starting %q", m.Notes, note)
	}
}
