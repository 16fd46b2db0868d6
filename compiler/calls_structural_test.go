package compiler

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// structuralModel computes every structural function twice: in transformed
// parameters, which the compiler lowers, and in generated quantities, which
// the simulate package's interpreter evaluates independently.
const structuralModel = `
parameters {
  vector[4] v;
  row_vector[3] r;
  matrix[2, 3] m;
  array[3] vector[2] av;
  real s;
}
transformed parameters {
  vector[2] h = head(v, 2);
  vector[3] t = tail(v, 3);
  vector[2] g = segment(v, 2, 2);
  vector[5] ar = append_row(v, s);
  vector[5] ar2 = append_row(s, v);
  matrix[4, 3] am = append_row(m, rep_matrix(r, 2));
  row_vector[4] ac = append_col(r, s);
  matrix[2, 6] acm = append_col(m, m);
  matrix[2, 3] rm = rep_matrix(s, 2, 3);
  matrix[4, 2] rv = rep_matrix(v, 2);
  matrix[2, 2] tm = to_matrix(v, 2, 2);
  matrix[3, 2] tmm = to_matrix(m, 3, 2);
  matrix[4, 1] tv = to_matrix(v);
  array[6] real ta = to_array_1d(m);
  row_vector[6] trv = to_row_vector(m);
  array[2] vector[2] hav = head(av, 2);
}
model {
  v ~ normal(0, 1);
  r ~ normal(0, 1);
  to_vector(m) ~ normal(0, 1);
  for (i in 1:3) av[i] ~ normal(0, 1);
  s ~ normal(0, 1);
  target += sum(h) + sum(t) * 2 + sum(g) + sum(am) + sum(acm .* acm) + sum(tm) + sum(ta) + sum(hav[2]);
}
generated quantities {
  vector[2] h2 = head(v, 2);
  vector[3] t2 = tail(v, 3);
  vector[2] g2 = segment(v, 2, 2);
  vector[5] ar_2 = append_row(v, s);
  vector[5] ar2_2 = append_row(s, v);
  matrix[4, 3] am2 = append_row(m, rep_matrix(r, 2));
  row_vector[4] ac2 = append_col(r, s);
  matrix[2, 6] acm2 = append_col(m, m);
  matrix[2, 3] rm2 = rep_matrix(s, 2, 3);
  matrix[4, 2] rv2 = rep_matrix(v, 2);
  matrix[2, 2] tm2 = to_matrix(v, 2, 2);
  matrix[3, 2] tmm2 = to_matrix(m, 3, 2);
  matrix[4, 1] tv2 = to_matrix(v);
  array[6] real ta2 = to_array_1d(m);
  row_vector[6] trv2 = to_row_vector(m);
  array[2] vector[2] hav2 = head(av, 2);
}
`

// TestStructuralCallsMatchInterpreter compares the compiled transformed
// parameters with the interpreter's generated quantities, element by element,
// at random points, and checks the gradient through them by finite differences.
func TestStructuralCallsMatchInterpreter(t *testing.T) {
	prog, err := lang.ParseAndCheck("structural.bym", []byte(structuralModel))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(prog, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := CompileModel(prog, d)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := simulate.NewGenerator(prog, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	k := m.NewKernel()
	names := m.OutputNames()
	nParams := 4 + 3 + 6 + 6 + 1
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]float64, m.NumOutputs())
	gq := make([]float64, len(gen.GQNames()))
	for trial := 0; trial < 3; trial++ {
		q := make([]float64, m.Dim())
		for i := range q {
			q[i] = rng.NormFloat64()
		}
		k.Constrain(out, q)
		if err := gen.Run(rng, out[:nParams], gq); err != nil {
			t.Fatal(err)
		}
		tp := out[nParams:]
		if len(tp) != len(gq) {
			t.Fatalf("%d transformed parameter elements, %d generated", len(tp), len(gq))
		}
		for i := range tp {
			if tp[i] != gq[i] {
				t.Errorf("%s = %v compiled, %v interpreted (%s)", names[nParams+i], tp[i], gq[i], gen.GQNames()[i])
			}
		}
		// The gradient through the picks, against central differences.
		grad := make([]float64, m.Dim())
		k.LogDensityGrad(grad, q)
		for i := range q {
			h := 1e-6
			qp, qm := append([]float64(nil), q...), append([]float64(nil), q...)
			qp[i] += h
			qm[i] -= h
			g := make([]float64, m.Dim())
			fd := (k.LogDensityGrad(g, qp) - k.LogDensityGrad(g, qm)) / (2 * h)
			if math.Abs(fd-grad[i]) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("d/dq[%d]: %v, finite differences %v", i, grad[i], fd)
			}
		}
	}
}
