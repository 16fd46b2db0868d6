package compiler

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// The library functions of issue 15 in models: each model computes its
// calls twice, in transformed parameters (lowered by the compiler, through
// the library's formula as IR) and in generated quantities (the simulate
// package's interpreter, through the same formula over numbers), and adds
// the transformed parameters to target so that the gradient through them is
// checked by finite differences.

// libraryModels are the models of testdata/library: NAME.bym with its data
// NAME.json (compiler/emit's tests compile them to C too).
func libraryModels(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "library", "*.bym"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no models in testdata/library: %v", err)
	}
	return files
}

// TestLibraryCallsMatchInterpreter compiles each model, and at three random
// points compares every transformed parameter with the generated quantity
// that repeats it (relative 1e-13: the two paths may round one op
// differently only where a fused kernel loop reassociates a sum) and the
// gradient with central finite differences.
func TestLibraryCallsMatchInterpreter(t *testing.T) {
	for _, file := range libraryModels(t) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".bym"), func(t *testing.T) {
			prog, err := lang.LoadModel(file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.ReadFile(prog, strings.TrimSuffix(file, ".bym")+".json")
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
			nParams := 0
			for _, o := range m.Outputs {
				if o.Block == lang.BlockParameters {
					nParams += len(o.Elems)
				}
			}
			k := m.NewKernel()
			names := m.OutputNames()
			rng := rand.New(rand.NewPCG(15, 1))
			out := make([]float64, m.NumOutputs())
			gq := make([]float64, len(gen.GQNames()))
			for range 3 {
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
					if math.Abs(tp[i]-gq[i]) > 1e-13*math.Max(1, math.Abs(gq[i])) {
						t.Errorf("%s = %.17g compiled, %.17g interpreted (%s)", names[nParams+i], tp[i], gq[i], gen.GQNames()[i])
					}
				}
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
		})
	}
}

// TestLibraryCallsRefused: what the compiler cannot build yet is refused
// at the call, saying why: a function that takes data only on a matrix
// that depends on parameters, a log CDF whose kernel takes an argument as
// data given a parameter, and a family without log CDF kernels.
func TestLibraryCallsRefused(t *testing.T) {
	for _, c := range []struct{ call, want string }{
		{"sum(sort_indices_asc(to_vector(S)))", "6:17: bayes cannot compile sort_indices_asc of parameters: the positions of parameters are not data"},
		{"student_t_lcdf(1 | s, 0, 1)", "6:13: bayes cannot compile `student_t_lcdf` with parameter-dependent degrees of freedom yet"},
		{"gamma_lccdf(1 | s, 1)", "6:13: bayes cannot compile `gamma_lccdf` with parameter-dependent shape yet"},
		{"beta_proportion_lccdf(0.5 | 0.5, s)", "6:13: bayes cannot compile `beta_proportion_lccdf` yet: the library has no log CDF kernel for beta_proportion"},
		// the kernels without a derivative in an argument (library/funcs/data_args.go)
		{"inc_beta(s, 2, 0.5)", "6:13: inc_beta: the shape a must be data"},
		{"gamma_p(s, 2) + gamma_q(s, 2)", "6:13: gamma_p: the shape a must be data"},
		{"log_modified_bessel_first_kind(s, 2)", "6:13: log_modified_bessel_first_kind: the order v must be data"},
	} {
		src := "parameters {\n  cov_matrix[2] S;\n  real<lower=0> s;\n}\nmodel {\n  target += " + c.call + ";\n}\n"
		prog, err := lang.ParseAndCheck("m.bym", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = CompileModel(prog, nil)
		if err == nil || !strings.HasPrefix(prog.InFile(err).Error(), "m.bym:"+c.want) {
			t.Errorf("%s: error %v, want it to begin %q", c.call, err, c.want)
		}
	}
}
