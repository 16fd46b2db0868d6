package compiler

import (
	"math"
	"math/rand/v2"
	"path/filepath"
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
// parameters with the interpreter's, and with its generated quantities
// (which compute the same calls), element by element, at random points, and
// checks the gradient through them by finite differences.
func TestStructuralCallsMatchInterpreter(t *testing.T) {
	prog, err := lang.ParseAndCheck("structural.bym", []byte(structuralModel))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(prog, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	m, points := matchInterpreter(t, prog, d, 0)
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
	for _, q := range points {
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

// posteriorTol is how far, relative to max(1, |x|), a compiled transformed
// parameter may be from the interpreter's on the posteriordb models: the
// kernel sums a dot product in four partial sums (kernel/loops.go) where
// the interpreter adds in order (gonum), and factors a Cholesky by rows
// where gonum's LAPACK goes by blocks, so the two round differently. On
// gp_pois_regr's f, the one such model, they differ by at most 1.8e-16
// (one ulp; 10 of 33 elements at the three points); 1e-12 leaves a margin
// of 1e4 and is far below any error of meaning.
const posteriorTol = 1e-12

// TestPosteriorsMatchInterpreter runs matchInterpreter on every posteriordb
// model with its data.
func TestPosteriorsMatchInterpreter(t *testing.T) {
	dir := posteriordbDir(t)
	models, err := filepath.Glob(filepath.Join(dir, "*", "model.bym"))
	if err != nil || len(models) == 0 {
		t.Fatalf("no posteriordb models in %s (%v)", dir, err)
	}
	for _, model := range models {
		name := filepath.Base(filepath.Dir(model))
		t.Run(name, func(t *testing.T) {
			p, err := lang.LoadModel(model)
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.ReadFile(p, filepath.Join(filepath.Dir(model), "data.json"))
			if err != nil {
				t.Fatal(err)
			}
			matchInterpreter(t, p, d, posteriorTol)
		})
	}
}

// matchInterpreter compiles prog with d and, at three random points q,
// compares what the kernel computes with what the interpreter (package
// simulate) computes from the same constrained parameters:
//
//   - every transformed parameter (Constrain against
//     Generator.LogDensity), bit for bit when tol is 0, else to tol
//     relative to max(1, |x|);
//   - every generated quantity, run once from the kernel's transformed
//     parameters and once from the interpreter's, with the same stream;
//   - the model block's log density up to a constant: the kernel's terms
//     less the Jacobians and the transformed parameters' bound checks drop
//     the summands that ~ drops, so its change from the first point to
//     another must equal the interpreter's, to 1e-12 of the sum of the
//     terms' sizes (on posteriordb they differ by at most 1e-15 of it:
//     rounding, summed in another order).
//
// It returns the model and the points, for checks of their own.
func matchInterpreter(t *testing.T, prog *lang.Program, d *data.Data, tol float64) (*Model, [][]float64) {
	t.Helper()
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
	nParams := 0
	for _, o := range m.Outputs {
		if o.Block == lang.BlockParameters {
			nParams += len(o.Elems)
		}
	}
	terms := m.terms.program().NewState()
	rng := rand.New(rand.NewPCG(3, 4))
	var points [][]float64
	var lp0, ilp0, scale0 float64
	for point := range 3 {
		q := randomPoint(rng, m.Dim())
		points = append(points, q)
		out := make([]float64, m.NumOutputs())
		k.Constrain(out, q)
		tp := make([]float64, len(out)-nParams)
		ilp, err := gen.LogDensity(out[:nParams], tp)
		if err != nil {
			t.Fatalf("point %d: interpreter: %v", point, err)
		}
		for i, x := range tp {
			if got := out[nParams+i]; !closeTo(got, x, tol) {
				t.Errorf("point %d: %s = %v compiled, %v interpreted", point, names[nParams+i], got, x)
			}
		}
		if n := len(gen.GQNames()); n > 0 {
			fromKernel, fromInterp := make([]float64, n), make([]float64, n)
			errK := gen.Run(rand.New(rand.NewPCG(5, uint64(point))), out, fromKernel)
			errI := gen.Run(rand.New(rand.NewPCG(5, uint64(point))), out[:nParams], fromInterp)
			if (errK == nil) != (errI == nil) {
				t.Errorf("point %d: generated quantities: %v from the compiled transformed parameters, %v from the interpreted", point, errK, errI)
			}
			for i := range fromKernel {
				if a, b := fromKernel[i], fromInterp[i]; errK == nil && !closeTo(a, b, tol) {
					t.Errorf("point %d: %s = %v from the compiled transformed parameters, %v from the interpreted", point, gen.GQNames()[i], a, b)
				}
			}
		}
		// The model block's terms of the kernel.
		terms.Run(q)
		lp, scale := 0.0, math.Abs(ilp)
		for _, tm := range m.terms.terms {
			if _, decl := tm.at.(*lang.VarDecl); decl {
				continue
			}
			for _, x := range terms.Slots[tm.value] {
				lp += x
				scale += math.Abs(x)
			}
		}
		if math.IsInf(lp, 0) || math.IsNaN(lp) || math.IsInf(ilp, 0) || math.IsNaN(ilp) {
			t.Fatalf("point %d: log density %v compiled, %v interpreted: pick points where both are finite", point, lp, ilp)
		}
		if point == 0 {
			lp0, ilp0, scale0 = lp, ilp, scale
			continue
		}
		if diff := (lp - lp0) - (ilp - ilp0); math.Abs(diff) > 1e-12*(scale+scale0) {
			t.Errorf("point %d: the log density changed by %.15g from point 0 compiled, %.15g interpreted", point, lp-lp0, ilp-ilp0)
		}
	}
	return m, points
}

// closeTo reports whether a and b are equal bit for bit (NaN equal to
// NaN) when tol is 0, else within tol of each other relative to
// max(1, |b|).
func closeTo(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if tol == 0 {
		return math.Float64bits(a) == math.Float64bits(b)
	}
	return a == b || math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}
