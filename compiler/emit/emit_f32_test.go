package emit_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ebitengine/purego"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/library"
)

// float32Refused lists the models that Float32Safe refuses, and the risk
// it must give for each (see emit_f32_safe.go). The tolerance test checks
// the refusal instead of the values for these.
var float32Refused = map[string]emit.Float32Risk{
	// cov + diag_matrix(rep_vector(1e-10, N)) before cholesky_decompose
	"gp_pois_regr-gp_pois_regr": emit.RiskAbsorbed,
}

// logisticFiles writes a logistic regression data set (N = 50, D = 3,
// fixed seed) and returns the model and data paths.
func logisticFiles(t *testing.T) [3]string {
	rng := rand.New(rand.NewPCG(7, 50))
	const N, D = 50, 3
	X := make([][]float64, N)
	y := make([]int, N)
	for i := range X {
		X[i] = make([]float64, D)
		eta := 0.3
		for j := range X[i] {
			X[i][j] = math.Round(rng.NormFloat64()*1000) / 1000
			eta += X[i][j] * float64(j+1) / 2
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	b, err := json.Marshal(map[string]any{"N": N, "D": D, "X": X, "y": y})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "logistic.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return [3]string{"logistic", filepath.Join("..", "..", "models", "logistic.bym"), path}
}

// cLib32 is a float unit's host entry points; bindData takes floats.
type cLib32 struct {
	logDensityGrad func(q, grad *float64) float64
	bindData       func(k int32, x *float32)
}

func openC32(t *testing.T, so string) *cLib32 {
	t.Helper()
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		t.Fatalf("dlopen %s: %v", so, err)
	}
	t.Cleanup(func() { purego.Dlclose(h) })
	l := &cLib32{}
	purego.RegisterLibFunc(&l.logDensityGrad, h, "bayes_log_density_grad")
	purego.RegisterLibFunc(&l.bindData, h, "bayes_bind_data")
	return l
}

// TestEmitCFloat32MatchesKernel compiles each model's float emission and
// compares its log density and gradient with the Go kernel's (double) at
// three random points, each within the first-order rounding bound
// cF32 u A (emit_f32_bound_test.go). It logs the largest error relative
// to max(|value|, 1) and as a fraction of the bound. Models Float32Safe
// refuses must be refused for the risk float32Refused gives.
func TestEmitCFloat32MatchesKernel(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	files := append(modelFiles(t), logisticFiles(t))
	for _, f := range files {
		t.Run(f[0], func(t *testing.T) {
			m := compileFiles(t, f[1], f[2])
			err := m.Float32Safe()
			var fe *emit.Float32Error
			if risk, ok := float32Refused[f[0]]; ok {
				if !errors.As(err, &fe) || !fe.Has(risk) {
					t.Fatalf("Float32Safe() = %v, want a refusal: a value %s", err, risk)
				}
				t.Logf("refused, as it should be: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Float32Safe() refuses: %v", err)
			}
			src, err := m.EmitC(emit.Options{Float32: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(src.Code) > slowCSource && !emitCAll {
				t.Skipf("%d bytes of C take cc -O2 over 5 s: run with -tags validate", len(src.Code))
			}
			if !src.Float32 || src.WorkspaceBytes != 4*src.Workspace {
				t.Errorf("CSource.Float32 = %v, WorkspaceBytes = %d for %d floats", src.Float32, src.WorkspaceBytes, src.Workspace)
			}
			lib := openC32(t, ctest.Build(t, src.Code))
			ext := make([][]float32, len(src.Extern))
			for k, x := range src.Extern {
				ext[k] = make([]float32, len(x))
				for i, v := range x {
					ext[k][i] = float32(v)
				}
				lib.bindData(int32(k), &ext[k][0])
			}
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(2026, 32))
			n := max(m.Dim(), 1)
			gradGo, gradC := make([]float64, n), make([]float64, n)
			worstRel, worstBound := 0.0, 0.0
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, n)
				want := k.LogDensityGrad(gradGo[:m.Dim()], q[:m.Dim()])
				got := lib.logDensityGrad(&q[0], &gradC[0])
				val, mag := f32Bound(t, m.Program.G, q)
				if ref := val[m.Program.LP][0]; !ctest.Near(ref, want) {
					t.Fatalf("the bound's evaluation gives %.17g, the kernel %.17g", ref, want)
				}
				check := func(what string, got, want, a float64) {
					err := math.Abs(got - want)
					worstRel = math.Max(worstRel, err/math.Max(math.Abs(want), 1))
					worstBound = math.Max(worstBound, err/(uF32*a))
					if !(err <= cF32*uF32*a) {
						t.Errorf("point %d: %s: float %.9g, double %.17g: error %.3g > %g u A = %.3g", point, what, got, want, err, cF32, cF32*uF32*a)
					}
				}
				check("log density", got, want, mag[m.Program.LP][0])
				for _, pg := range m.Program.Grads {
					if pg.Adj == ir.NoValue {
						continue
					}
					par := m.Program.G.Node(pg.Param)
					for i, a := range mag[pg.Adj] {
						j := par.Aux + i
						check(fmt.Sprintf("d/dq[%d]", j), gradC[j], gradGo[j], a)
					}
				}
			}
			t.Logf("dim %d: largest error %.2g relative to max(|value|, 1), %.2g of u A", m.Dim(), worstRel, worstBound)
			runtime.KeepAlive(ext)
		})
	}
}

// TestEmitCFloat32NoDoublePromotion compiles the float emission of every
// op (the layouts of TestEmitCOps), of the logistic regression in its
// cooperative form and of eight schools, with gcc's -Wdouble-promotion
// -Werror: no float expression is computed in double by accident (a
// double literal or a double libm call in a template or the prelude).
func TestEmitCFloat32NoDoublePromotion(t *testing.T) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skipf("no gcc on PATH (%v): -Wdouble-promotion is a gcc flag", err)
	}
	code := bytes.NewBufferString("#define BAYES_FLOAT32 1\n" + emit.Prelude())
	rng := rand.New(rand.NewPCG(13, 32))
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		c, ok := irtest.Cases[op]
		if !ok || op == ir.OpExtern { // refused (refuse.go)
			continue
		}
		p, _ := opProgram(t, rng, op, c, "vector")
		src, err := emit.C(p, nil, emit.Options{Prefix: fmt.Sprintf("op%d_", op), NoPrelude: true, Float32: true})
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		code.Write(src.Code)
	}
	for _, f := range [][3]string{modelFiles(t)[1], logisticFiles(t)} {
		m := compileFiles(t, f[1], f[2])
		src, err := m.EmitC(emit.Options{Prefix: f[0] + "_", NoPrelude: true, Float32: true, Cooperative: true})
		if err != nil {
			t.Fatal(err)
		}
		code.Write(src.Code)
	}
	path := filepath.Join(t.TempDir(), "f32.c")
	if err := os.WriteFile(path, code.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(gcc, "-std=c99", "-fsyntax-only", "-Wdouble-promotion", "-Werror", path).CombinedOutput()
	if err != nil {
		t.Errorf("gcc -Wdouble-promotion -Werror: %v\n%s", err, ctest.FirstLines(string(out), 30))
	}
	t.Run("as_cuda_cpp", func(t *testing.T) {
		checkCUDASyntax(t, append([]byte("#define __int_as_float(x) ((float)(x))\n"), code.Bytes()...))
	})
}

// TestEmitCFloat32Coop runs the logistic regression's float _coop entry
// point (a group of one, the prelude's defaults) beside its _ws one: the
// same operations in the same order, so the same bits.
func TestEmitCFloat32Coop(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	f := logisticFiles(t)
	m := compileFiles(t, f[1], f[2])
	src, err := m.EmitC(emit.Options{Float32: true, Cooperative: true, InlineData: -1})
	if err != nil {
		t.Fatal(err)
	}
	code := append([]byte(nil), src.Code...)
	code = fmt.Appendf(code, "static float coop_ws[%d], coop_red[%d];\n", max(src.Workspace, 1), src.CoopRedWidth)
	code = fmt.Appendf(code, "double coop_call(const double *q, double *grad) { return bayes_log_density_grad_coop(q, grad, coop_ws, coop_red); }\n")
	so := ctest.Build(t, code)
	lib := openC32(t, so)
	var coop func(q, grad *float64) float64
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		t.Fatal(err)
	}
	defer purego.Dlclose(h)
	purego.RegisterLibFunc(&coop, h, "coop_call")
	ext := make([][]float32, len(src.Extern))
	for k, x := range src.Extern {
		for _, v := range x {
			ext[k] = append(ext[k], float32(v))
		}
		lib.bindData(int32(k), &ext[k][0])
	}
	rng := rand.New(rand.NewPCG(5, 32))
	n := m.Dim()
	g1, g2 := make([]float64, n), make([]float64, n)
	for point := 0; point < 3; point++ {
		q := randomPoint(rng, n)
		lp1 := lib.logDensityGrad(&q[0], &g1[0])
		lp2 := coop(&q[0], &g2[0])
		if lp1 != lp2 {
			t.Errorf("point %d: _coop log density %.9g, _ws %.9g", point, lp2, lp1)
		}
		for i := range g1 {
			if g1[i] != g2[i] {
				t.Errorf("point %d: _coop d/dq[%d] = %.9g, _ws %.9g", point, i, g2[i], g1[i])
			}
		}
	}
	runtime.KeepAlive(ext)
}

func TestCLiteral32(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{5, "5.0f"}, {0.1, "0.1f"}, {-3, "(-3.0f)"}, {math.Copysign(0, -1), "(-0.0f)"},
		{1e-300, "0.0f"}, {1e300, "BAYES_INF"}, {math.Inf(-1), "(-BAYES_INF)"}, {math.NaN(), "BAYES_NAN"},
		// float32(library.HalfLog2Pi) is 0.9189385 to float's shortest digits
		{library.HalfLog2Pi, "0.9189385f"}, {1e-10, "1e-10f"},
	} {
		if got := emit.CLiteral32(c.x); got != c.want {
			t.Errorf("cLiteral32(%v) = %s, want %s", c.x, got, c.want)
		}
	}
}

// TestFloatTemplate: the template rewrite of setPrecision on the forms the
// op table uses, and its refusal of a call without a float form.
func TestFloatTemplate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"(1.0 / $0)", "(1.0f / $0)"},
		{"(0.5 * erfc(-($0) * M_SQRT1_2))", "(0.5f * erfcf(-($0) * ((float)M_SQRT1_2)))"},
		{"$out = (i == 0 ? 1.0 : $out) * $0[i]", "$out = (i == 0 ? 1.0f : $out) * $0[i]"},
		{"bayes_polygamma($aux, $0)", "bayes_polygamma($aux, $0)"},
		{"lgamma($0)", "lgammaf($0)"},
		{"for (int j = 0; j < $cols; j++) $out[i] += $0[i*$cols + j] * $1[j]", "for (int j = 0; j < $cols; j++) $out[i] += $0[i*$cols + j] * $1[j]"},
	} {
		if got := emit.FloatTemplate("t", c.in); got != c.want {
			t.Errorf("floatTemplate(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if err := ir.Build(func() error { emit.FloatTemplate("t", "cbrt($0)"); return nil }); err == nil {
		t.Error("floatTemplate accepted cbrt, which has no entry in cFloatCalls")
	}
}

// TestFloat32SafeRisks builds one small program per risk and checks that
// the check names it, and that a clean program passes.
func TestFloat32SafeRisks(t *testing.T) {
	for _, c := range []struct {
		name string
		data []float64
		add  float64 // a constant added to the data's sum; 0: none
		want []emit.Float32Risk
	}{
		{"clean", []float64{1, 2.5, -3, 1e-20, 16777216}, 0.5, nil},
		{"nan", []float64{1, math.NaN()}, 0, []emit.Float32Risk{emit.RiskNonFinite}},
		{"huge", []float64{1, 1e39}, 0, []emit.Float32Risk{emit.RiskRange}},
		{"subnormal", []float64{1, 1e-40}, 0, []emit.Float32Risk{emit.RiskSubnormal}},
		{"big_integer", []float64{16777217, 3}, 0, []emit.Float32Risk{emit.RiskInteger}},
		{"merged", []float64{1000.00001, 1000.00002}, 0, []emit.Float32Risk{emit.RiskMerged}},
		{"double_noise", []float64{0.33647223662121284, 0.33647223662121301}, 0, nil},
		{"jitter", []float64{1, 2}, 1e-10, []emit.Float32Risk{emit.RiskAbsorbed}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ir.NewBuilder(1)
			var lp ir.Value
			err := ir.Build(func() error {
				lp = b.Mul(b.Param(0), b.Apply(ir.OpSum, b.Data(c.data)))
				if c.add != 0 {
					lp = b.Add(lp, b.Const(c.add))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var issues []emit.Float32Issue
			if err := emit.Float32Safe(b.G); err != nil {
				issues = err.(*emit.Float32Error).Issues
			}
			_ = lp
			var got []emit.Float32Risk
			for _, is := range issues {
				got = append(got, is.Risk)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("risks %v (%v), want %v", got, issues, c.want)
			}
		})
	}
}
