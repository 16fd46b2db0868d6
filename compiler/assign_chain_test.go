package compiler

import (
	"bytes"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// TestChainedIndexAssignment: `a[t][j] = e` lowers to the program of
// `a[t, j] = e` (iohmm_reg's transformed parameters).
func TestChainedIndexAssignment(t *testing.T) {
	const src = `data {
  int N;
}
parameters {
  vector[2] w;
}
transformed parameters {
  array[N] vector[2] a;
  for (t in 1:N) {
    for (j in 1:2) {
      a[t][j] = t * w[j];
    }
  }
}
model {
  w ~ normal(0, 1);
  for (t in 1:N) {
    a[t] ~ normal(0, 2);
  }
}
`
	var progs [2]string
	for i, s := range []string{src, strings.Replace(src, "a[t][j] =", "a[t, j] =", 1)} {
		m := compileSourceTB(t, s, `{"N": 3}`)
		var b bytes.Buffer
		if err := ir.Fprint(&b, m.Program, ir.EmitGrad); err != nil {
			t.Fatal(err)
		}
		progs[i] = b.String()
	}
	if progs[0] != progs[1] {
		t.Errorf("a[t][j] = ... lowers to\n%s\na[t, j] = ... to\n%s", progs[0], progs[1])
	}
}
