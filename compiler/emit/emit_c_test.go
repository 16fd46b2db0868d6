package emit_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/library"
)

// The C emitter's tests compile the emitted C with the system C compiler
// and call it without cgo (package ctest), comparing every value with the
// Go CPU kernel to ctest.Tol.

// modelFiles lists the models the equivalence test compiles: the repo's
// eight schools, and every posteriordb model when ../shared is present.
func modelFiles(t *testing.T) [][3]string {
	files := [][3]string{
		{"eight_schools", filepath.Join("..", "..", "models", "eight_schools.bym"), filepath.Join("..", "..", "data", "schools.json")},
		{"eight_schools_noncentered", filepath.Join("..", "..", "models", "eight_schools_noncentered.bym"), filepath.Join("..", "..", "data", "schools.json")},
	}
	dir := filepath.Join("..", "..", "..", "shared", "posteriordb")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Logf("posteriordb models skipped: %v (the shared folder is absent)", err)
		return files
	}
	for _, e := range entries {
		if e.IsDir() {
			d := filepath.Join(dir, e.Name())
			files = append(files, [3]string{e.Name(), filepath.Join(d, "model.bym"), filepath.Join(d, "data.json")})
		}
	}
	return files
}

// slowCSource is the size of emitted C above which cc -O2 takes over about
// five seconds on the development machine (garch 260 KB: 9 s, the
// bball_drive HMM 925 KB: 21 s: their unrolled recurrences are one long
// function). Such models run only under -tags validate (emitCAll).
const slowCSource = 250 << 10

// emitCAll is set by emit_c_validate_test.go (-tags validate).
var emitCAll = false

// TestEmitCMatchesKernel compiles each model's emitted C and compares its
// log density, gradient and constrained outputs with the Go kernel's at
// five random points, componentwise to ctest.Tol.
func TestEmitCMatchesKernel(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	for _, f := range modelFiles(t) {
		t.Run(f[0], func(t *testing.T) {
			m := compileFiles(t, f[1], f[2])
			src, err := m.EmitC(emit.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(src.Code) > slowCSource && !emitCAll {
				t.Skipf("%d bytes of C take cc -O2 over 5 s: run with -tags validate", len(src.Code))
			}
			if f[0] == "eight_schools" || len(src.Extern) > 0 {
				// the whole file, prelude, data and pointer table included
				t.Run("as_cuda_cpp", func(t *testing.T) { checkCUDASyntax(t, src.Code) })
			}
			lib := ctest.Open(t, ctest.Build(t, src.Code), "bayes_", true)
			lib.BindExtern(src.Extern)
			if got := int(lib.Dim()); got != m.Dim() {
				t.Fatalf("bayes_dim() = %d, want %d", got, m.Dim())
			}
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(2026, 11))
			n := max(m.Dim(), 1)
			gradGo, gradC := make([]float64, n), make([]float64, n)
			outGo, outC := make([]float64, max(m.NumOutputs(), 1)), make([]float64, max(m.NumOutputs(), 1))
			worst := 0.0 // the largest cErr, logged for the record
			for point := 0; point < 5; point++ {
				q := randomPoint(rng, n)
				want := k.LogDensityGrad(gradGo[:m.Dim()], q[:m.Dim()])
				got := lib.LogDensityGrad(&q[0], &gradC[0])
				worst = math.Max(worst, ctest.RelErr(got, want))
				for i := 0; i < m.Dim(); i++ {
					worst = math.Max(worst, ctest.RelErr(gradC[i], gradGo[i]))
				}
				if !ctest.Near(got, want) {
					t.Errorf("point %d: C log density %.17g, Go %.17g", point, got, want)
				}
				for i := 0; i < m.Dim(); i++ {
					if !ctest.Near(gradC[i], gradGo[i]) {
						t.Errorf("point %d: C d/dq[%d] = %.17g, Go %.17g", point, i, gradC[i], gradGo[i])
					}
				}
				k.Constrain(outGo[:m.NumOutputs()], q[:m.Dim()])
				lib.Constrain(&q[0], &outC[0])
				names := m.OutputNames()
				for i := 0; i < m.NumOutputs(); i++ {
					if !ctest.Near(outC[i], outGo[i]) {
						t.Errorf("point %d: C %s = %.17g, Go %.17g", point, names[i], outC[i], outGo[i])
					}
				}
			}
			t.Logf("dim %d, %d bytes of C, %d arrays by pointer; largest relative difference %.2g", m.Dim(), len(src.Code), len(src.Extern), worst)
			runtime.KeepAlive(src)
		})
	}
}

// opProgram builds one op as ops_test.go's fdCheck does (continuous
// arguments are parameters, discrete ones data drawn from their domain;
// layout "vector", "scalar" or "mixed"), summed against random weights, and
// returns the optimised program and the domains of q.
func opProgram(t *testing.T, rng *rand.Rand, op ir.Op, c irtest.Case, layout string) (*ir.Program, []irtest.Domain) {
	t.Helper()
	b := ir.NewBuilder(1)
	var doms []irtest.Domain
	args := make([]ir.Value, len(c.Args))
	var pending []func()
	for i, d := range c.Args {
		n := irtest.FDLen
		if c.Scalar || layout == "scalar" || (layout == "mixed" && i > 0) {
			n = 1
		}
		if d.Discrete() {
			x := make([]float64, n)
			for j := range x {
				x[j] = d.Draw(rng)
			}
			if n == 1 {
				args[i] = b.Const(x[0])
			} else {
				args[i] = b.Data(x)
			}
			continue
		}
		off := len(doms)
		for range n {
			doms = append(doms, d)
		}
		pending = append(pending, func() {
			if n == 1 {
				args[i] = b.Param(off)
			} else {
				args[i] = b.ParamVector(off, n)
			}
		})
	}
	b.G.Dim = max(len(doms), 1)
	for _, f := range pending {
		f()
	}
	weights := make([]float64, 8)
	for i := range weights {
		weights[i] = rng.Float64() + 0.5
	}
	lp, err := irtest.Functional(b, op, c, args, weights)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	p, err := ir.Grad(b, lp)
	if err != nil {
		t.Fatalf("grad: %v", err)
	}
	if p, err = ir.Optimize(p); err != nil {
		t.Fatalf("optimize: %v", err)
	}
	return p, doms
}

// TestEmitCOps walks the op table: every op, in every layout of
// TestOpAdjointsFiniteDifference, is emitted into one translation unit,
// compiled, and its value and gradient compared with the Go kernel's at
// four random points.
func TestEmitCOps(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	type opCase struct {
		name, prefix string
		p            *ir.Program
		doms         []irtest.Domain
		src          *emit.Source
	}
	var cases []opCase
	code := bytes.NewBufferString(emit.Prelude())
	rng := rand.New(rand.NewPCG(13, 14))
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		c, ok := irtest.Cases[op]
		if !ok || op == ir.OpExtern { // refused (refuse.go)
			continue
		}
		info := op.Info()
		layouts := []string{"vector"}
		if info.Elementwise {
			layouts = append(layouts, "scalar", "mixed")
		}
		for _, layout := range layouts {
			oc := opCase{name: info.Name + "/" + layout, prefix: fmt.Sprintf("op%d_%s_", op, layout)}
			oc.p, oc.doms = opProgram(t, rng, op, c, layout)
			src, err := emit.C(oc.p, nil, emit.Options{Prefix: oc.prefix, NoPrelude: true})
			if err != nil {
				t.Fatalf("%s: %v", oc.name, err)
			}
			oc.src = src
			code.Write(src.Code)
			cases = append(cases, oc)
		}
	}
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		if _, ok := irtest.Cases[op]; !ok && op.Info().Arity > 0 {
			t.Errorf("op %s has no case (fdCases), so its C is not tested", op)
		}
	}
	t.Run("as_cuda_cpp", func(t *testing.T) { checkCUDASyntax(t, code.Bytes()) })
	so := ctest.Build(t, code.Bytes())
	for _, oc := range cases {
		t.Run(oc.name, func(t *testing.T) {
			lib := ctest.Open(t, so, oc.prefix, false)
			k, err := kernel.Compile(oc.p)
			if err != nil {
				t.Fatal(err)
			}
			n := oc.p.G.Dim
			q := make([]float64, n)
			gradGo, gradC := make([]float64, n), make([]float64, n)
			for point := 0; point < 4; point++ {
				for i := range q {
					if i < len(oc.doms) {
						q[i] = oc.doms[i].Draw(rng)
					}
				}
				want := k.LogDensityGrad(gradGo, q)
				got := lib.LogDensityGrad(&q[0], &gradC[0])
				if !ctest.Near(got, want) {
					t.Errorf("at %v: C value %.17g, Go %.17g", q, got, want)
				}
				for i := range q {
					if !ctest.Near(gradC[i], gradGo[i]) {
						t.Errorf("at %v: C d/dq[%d] = %.17g, Go %.17g", q, i, gradC[i], gradGo[i])
					}
				}
			}
		})
	}
}

// cudaShim stands in for what NVRTC predefines, so that the host C++
// compiler can check that the emitted code is also valid CUDA C++ (NVRTC
// compiles C++, not C99) on a machine without the CUDA toolkit.
const cudaShim = `#include <math.h>
#define __CUDACC__ 1
#define __device__
#define __longlong_as_double(x) ((double)(x))
`

// checkCUDASyntax compiles code as C++ with the CUDA macros of the prelude
// (c++ -fsyntax-only), skipping when there is no C++ compiler.
func checkCUDASyntax(t *testing.T, code []byte) {
	t.Helper()
	cxx, err := exec.LookPath("c++")
	if err != nil {
		t.Skipf("no C++ compiler: c++ is not on PATH (%v)", err)
	}
	f := filepath.Join(t.TempDir(), "x.cu.cpp")
	if err := os.WriteFile(f, append([]byte(cudaShim), code...), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cxx, "-std=c++17", "-fsyntax-only", "-pedantic-errors", f).CombinedOutput(); err != nil {
		t.Errorf("the emitted C is not valid C++ under the CUDA macros: %v\n%s", err, ctest.FirstLines(string(out), 30))
	}
}

// TestEmitCCoversOps: every structural op says which length its C template
// loops over, and how a group of threads shares it (cooperative form).
func TestEmitCCoversOps(t *testing.T) {
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		info := op.Info()
		if info.Arity == 0 || info.Elementwise || op == ir.OpExtern { // refused (refuse.go)
			continue
		}
		if !emit.HasLoopExtent(op) {
			t.Errorf("structural op %s has no loop extent in cExtents", info.Name)
		}
		if !emit.HasCoopForm(op) {
			t.Errorf("structural op %s has no cooperative form in cCoopForms", info.Name)
		}
	}
}

// TestEmitCGolden compares the emitted C of the eight schools models with
// testdata/emit/*.c.golden (go test -run TestEmitCGolden -update rewrites
// them; read the diff before committing). The prelude is left out: it is
// emit_c_prelude.h verbatim.
func TestEmitCGolden(t *testing.T) {
	for _, f := range modelFiles(t)[:2] {
		t.Run(f[0], func(t *testing.T) {
			m := compileFiles(t, f[1], f[2])
			src, err := m.EmitC(emit.Options{NoPrelude: true})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "emit", f[0]+".c.golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, src.Code, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(src.Code, want) {
				t.Errorf("%s differs from the emitted C:\n%s", path, src.Code)
			}
		})
	}
}

func TestCLiteral(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{5, "5.0"}, {0.1, "0.1"}, {-3, "(-3.0)"}, {1e-300, "1e-300"}, {math.Copysign(0, -1), "(-0.0)"},
		{math.Inf(1), "BAYES_INF"}, {math.Inf(-1), "(-BAYES_INF)"}, {math.NaN(), "BAYES_NAN"},
		{library.HalfLog2Pi, "0.9189385332046728"},
	} {
		if got := emit.CLiteral(c.x); got != c.want {
			t.Errorf("cLiteral(%v) = %s, want %s", c.x, got, c.want)
		}
	}
}

// specialValues are the arguments of TestEmitCSpecialValues: both tails,
// the signed zeros, the denormal-adjacent and the non-finite.
var specialValues = []float64{math.Inf(-1), -1e300, -40, -2.5, -1, -0.5, math.Copysign(0, -1), 0,
	1e-300, 0.25, 0.5, 1, 2, 3, 10, 40, 1e300, math.Inf(1), math.NaN()}

// TestEmitCSpecialValues evaluates every elementwise op's C template and
// its Go Scalar function on every combination of specialValues (outside
// the domains the other tests draw from: tails, zeros, ±Inf, NaN) and
// requires the same value (both NaN, the same infinity, or cTol).
func TestEmitCSpecialValues(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	type opCase struct {
		op     ir.Op
		prefix string
		p      *ir.Program
	}
	var cases []opCase
	code := bytes.NewBufferString(emit.Prelude())
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		info := op.Info()
		if !info.Elementwise {
			continue
		}
		b := ir.NewBuilder(info.Arity)
		args := make([]ir.Value, info.Arity)
		for i := range args {
			args[i] = b.Param(i)
		}
		aux := 0
		if op == ir.OpPolygamma {
			aux = 2
		}
		var lp ir.Value
		if err := ir.Build(func() error { lp = b.ApplyAux(op, aux, args...); return nil }); err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		p, err := ir.Grad(b, lp)
		if err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		if p, err = ir.Optimize(p); err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		oc := opCase{op: op, prefix: fmt.Sprintf("sv%d_", op), p: p}
		src, err := emit.C(p, nil, emit.Options{Prefix: oc.prefix, NoPrelude: true})
		if err != nil {
			t.Fatalf("%s: %v", info.Name, err)
		}
		code.Write(src.Code)
		cases = append(cases, oc)
	}
	so := ctest.Build(t, code.Bytes())
	for _, oc := range cases {
		info := oc.op.Info()
		t.Run(info.Name, func(t *testing.T) {
			lib := ctest.Open(t, so, oc.prefix, false)
			k, err := kernel.Compile(oc.p)
			if err != nil {
				t.Fatal(err)
			}
			n := info.Arity
			q := make([]float64, n)
			gGo, gC := make([]float64, n), make([]float64, n)
			pos := make([]int, n)
			bad := 0
			for {
				for i := range q {
					q[i] = specialValues[pos[i]]
				}
				want := k.LogDensityGrad(gGo, q)
				got := lib.LogDensityGrad(&q[0], &gC[0])
				if !ctest.Near(got, want) {
					if bad++; bad <= 5 {
						t.Errorf("%s%v: C %.17g, Go %.17g", info.Name, q, got, want)
					}
				}
				i := 0
				for ; i < n; i++ {
					if pos[i]++; pos[i] < len(specialValues) {
						break
					}
					pos[i] = 0
				}
				if i == n {
					break
				}
			}
			if bad > 5 {
				t.Errorf("%s: %d disagreements in all", info.Name, bad)
			}
		})
	}
}

// knownCDiff lists the structural ops whose C template is known to differ
// from the Go loop on some special input, and why. TestEmitCReductions logs
// those differences instead of failing, and fails once they are gone, so
// that the entry is removed with the fix.
var knownCDiff = map[ir.Op]string{}

// TestEmitCReductions evaluates the reductions and the scan on every
// vector of length 3 over {-Inf, -1, 0, 2, +Inf, NaN}, in C and in Go.
func TestEmitCReductions(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	vals := []float64{math.Inf(-1), -1, 0, 2, math.Inf(1), math.NaN()}
	ops := []ir.Op{ir.OpSum, ir.OpProd, ir.OpMaxOf, ir.OpMinOf, ir.OpLseShift, ir.OpCumSum}
	type opCase struct {
		op     ir.Op
		prefix string
		p      *ir.Program
	}
	var cases []opCase
	code := bytes.NewBufferString(emit.Prelude())
	for _, op := range ops {
		b := ir.NewBuilder(3)
		x := b.ParamVector(0, 3)
		var lp ir.Value
		err := ir.Build(func() error {
			switch op {
			case ir.OpLseShift:
				lp = b.Add(b.LogSumExp(x), b.Dot(b.Data([]float64{1, 10, 100}), b.Softmax(x)))
			case ir.OpCumSum:
				lp = b.Dot(b.Data([]float64{1, 10, 100}), b.Apply(ir.OpCumSum, x))
			default:
				lp = b.Apply(op, x)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		p, err := ir.Grad(b, lp)
		if err == nil {
			p, err = ir.Optimize(p)
		}
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		oc := opCase{op: op, prefix: fmt.Sprintf("red%d_", op), p: p}
		src, err := emit.C(p, nil, emit.Options{Prefix: oc.prefix, NoPrelude: true})
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		code.Write(src.Code)
		cases = append(cases, oc)
	}
	so := ctest.Build(t, code.Bytes())
	for _, oc := range cases {
		t.Run(oc.op.String(), func(t *testing.T) {
			lib := ctest.Open(t, so, oc.prefix, false)
			k, err := kernel.Compile(oc.p)
			if err != nil {
				t.Fatal(err)
			}
			q, gGo, gC := make([]float64, 3), make([]float64, 3), make([]float64, 3)
			known := 0
			for _, a := range vals {
				for _, b := range vals {
					for _, c := range vals {
						q[0], q[1], q[2] = a, b, c
						want := k.LogDensityGrad(gGo, q)
						got := lib.LogDensityGrad(&q[0], &gC[0])
						if ctest.Near(got, want) {
							continue
						}
						if why, ok := knownCDiff[oc.op]; ok {
							known++
							if known == 1 {
								t.Logf("known difference (%s): %s%v: C %g, Go %g", why, oc.op, q, got, want)
							}
							continue
						}
						t.Errorf("%s%v: C %.17g, Go %.17g", oc.op, q, got, want)
					}
				}
			}
			if _, ok := knownCDiff[oc.op]; ok && known == 0 {
				t.Errorf("%s: C and Go agree now: remove its knownCDiff entry", oc.op)
			}
		})
	}
}
