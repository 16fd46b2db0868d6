package compiler

import (
	"fmt"
	"github.com/bayes-dev/bayes/compiler/transform"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
	"github.com/bayes-dev/bayes/lang"
)

// boundVariants are the bounds tried on each bounded kind, with the check
// of a constrained element and log|J| of one element at u (Stan Reference
// Manual, "Lower bounded scalar", "Upper bounded scalar", "Lower and upper
// bounded scalar", "Affinely transformed scalar").
var boundVariants = []struct {
	name, text string
	ok         func(x float64) bool
	lj         func(u float64) float64
}{
	{"lower", "lower=1.5", func(x float64) bool { return x > 1.5 }, func(u float64) float64 { return u }},
	{"upper", "upper=-0.5", func(x float64) bool { return x < -0.5 }, func(u float64) float64 { return u }},
	{"lower_upper", "lower=-1, upper=2", func(x float64) bool { return x > -1 && x < 2 },
		func(u float64) float64 { return math.Log(3) - math.Log1p(math.Exp(-u)) - math.Log1p(math.Exp(u)) }},
	{"affine", "offset=0.3, multiplier=2.5", func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) },
		func(float64) float64 { return math.Log(2.5) }},
}

// sizedParam is one parameter of the model that TestConstrainedKindsModel
// builds: a kind, the shape of one value, an array of arr of them, and for
// a bounded kind its bound variant.
type sizedParam struct {
	name  string
	kind  lang.DeclKind
	inner []int
	arr   int
	bound int // index into boundVariants; -1 for a transforms row
}

// squareKinds are the kinds declared with one size, the rows and columns
// of a square matrix.
var squareKinds = []lang.DeclKind{lang.DeclCholeskyFactorCorr, lang.DeclCholeskyFactorCov, lang.DeclCorrMatrix, lang.DeclCovMatrix}

// declText is the parameter's declaration.
func (p sizedParam) declText() string {
	var sizes string
	switch {
	case len(p.inner) == 1:
		sizes = fmt.Sprintf("[%d]", p.inner[0])
	case len(p.inner) == 2 && (p.inner[0] != p.inner[1] || !slices.Contains(squareKinds, p.kind)):
		sizes = fmt.Sprintf("[%d, %d]", p.inner[0], p.inner[1])
	case len(p.inner) == 2:
		sizes = fmt.Sprintf("[%d]", p.inner[0])
	}
	bounds := ""
	if p.bound >= 0 {
		bounds = "<" + boundVariants[p.bound].text + ">"
	}
	arr := ""
	if p.arr > 1 {
		arr = fmt.Sprintf("array[%d] ", p.arr)
	}
	return fmt.Sprintf("%s%s%s%s %s;", arr, p.kind, bounds, sizes, p.name)
}

// sizedParams lists a parameter for every kind, allowed shape of its spec
// and bound variant, alone and as an array of 2.
func sizedParams() []sizedParam {
	var ps []sizedParam
	for _, k := range lang.DeclKinds() {
		spec := kindSpecs[k]
		if spec.notParam {
			continue
		}
		bounds := []int{-1}
		if spec.bounded {
			bounds = []int{0, 1, 2, 3}
		}
		for _, inner := range spec.shapes {
			if slices.ContainsFunc(spec.refused, func(s []int) bool { return slices.Equal(s, inner) }) {
				continue
			}
			for _, b := range bounds {
				for _, arr := range []int{1, 2} {
					name := fmt.Sprintf("%s_%s_%d", k, shapeName(inner), arr)
					if b >= 0 {
						name += "_" + boundVariants[b].name
					}
					ps = append(ps, sizedParam{name: name, kind: k, inner: inner, arr: arr, bound: b})
				}
			}
		}
	}
	return ps
}

// checkValues checks every parameter's constrained values, out in
// Constrain's order (CmdStan's, column-major), and returns them by name,
// row-major, as Unconstrain takes them.
func checkValues(t *testing.T, where string, m *Model, ps []sizedParam, out []float64) map[string][]float64 {
	t.Helper()
	values := map[string][]float64{}
	pos := 0
	for i, o := range m.Outputs {
		p := ps[i]
		x := make([]float64, len(o.perm))
		for k, off := range o.perm {
			x[off] = out[pos+k]
		}
		pos += len(o.perm)
		values[o.Name] = x
		each := size(p.inner)
		for r := 0; r < p.arr && each > 0; r++ {
			xr := x[r*each : (r+1)*each]
			if p.bound >= 0 {
				for j, v := range xr {
					if !boundVariants[p.bound].ok(v) {
						t.Errorf("%s: %s element %d = %g is outside <%s>", where, p.name, r*each+j+1, v, boundVariants[p.bound].text)
					}
				}
				continue
			}
			if msg := kindSpecs[p.kind].check(xr, p.inner); msg != "" {
				t.Errorf("%s: %s[%d] = %v %s", where, p.name, r+1, xr, msg)
			}
		}
	}
	return values
}

// TestConstrainedKindsModel compiles one model with a parameter of every
// kind at sizes 0 (where Stan allows it), 1 and 2, each with every bound
// variant and alone and in an array, and checks at random points: the
// log density against the sum of each transform's lj, its gradient against
// central differences, the constrained values' invariants, Unconstrain's
// round trip, and the emitted C (when cc exists) against all of these.
// Each shape that Stan refuses is a positioned compile error.
func TestConstrainedKindsModel(t *testing.T) {
	ps := sizedParams()
	var src strings.Builder
	src.WriteString("parameters {\n")
	for _, p := range ps {
		src.WriteString("  " + p.declText() + "\n")
	}
	src.WriteString("}\nmodel {\n}\n")
	m := compileSource(t, src.String(), "{}")
	want := 0
	for _, p := range ps {
		if p.bound >= 0 {
			want += p.arr * size(p.inner)
		} else {
			want += p.arr * transform.Of(p.kind).Free(p.inner)
		}
	}
	if m.Dim() != want {
		t.Fatalf("Dim %d, want %d", m.Dim(), want)
	}
	// refLogDensity is the sum of every parameter's lj, each from its
	// table row or its bound's formula.
	refLogDensity := func(q []float64) float64 {
		lp := 0.0
		for i, p := range ps {
			pi := m.params[i]
			if p.bound >= 0 {
				for _, u := range q[pi.off : pi.off+pi.n] {
					lp += boundVariants[p.bound].lj(u)
				}
				continue
			}
			per := pi.n / p.arr
			for r := range p.arr {
				_, lj := evalRow(transform.Of(p.kind), p.inner, q[pi.off+r*per:pi.off+(r+1)*per])
				lp += lj
			}
		}
		return lp
	}
	t.Logf("%d parameters, dim %d, %d output elements", len(ps), m.Dim(), m.NumOutputs())
	k := m.NewKernel()
	rng := rand.New(rand.NewPCG(20, 8))
	var points [][]float64
	for range 4 {
		q := make([]float64, m.Dim())
		for i := range q {
			q[i] = 3*rng.Float64() - 1.5
		}
		points = append(points, q)
	}
	grad := make([]float64, m.Dim())
	out := make([]float64, m.NumOutputs())
	for point, q := range points {
		lp := k.LogDensityGrad(grad, q)
		if want := refLogDensity(q); math.Abs(lp-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("point %d: log density %.17g, sum of the transforms' lj %.17g", point, lp, want)
		}
		for i := range q {
			fd := centralFD(func(v []float64) float64 { return k.LogDensityGrad(make([]float64, len(v)), v) }, q, i)
			if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("point %d: d/dq[%d] = %.12g, central difference %.12g", point, i, grad[i], fd)
			}
		}
		k.Constrain(out, q)
		values := checkValues(t, fmt.Sprintf("point %d", point), m, ps, out)
		back := make([]float64, m.Dim())
		if err := m.Unconstrain(back, values); err != nil {
			t.Fatalf("point %d: unconstrain: %v", point, err)
		}
		out2 := make([]float64, len(out))
		k.Constrain(out2, back)
		for i := range out {
			if math.Abs(out2[i]-out[i]) > 1e-12 {
				t.Errorf("point %d: constrain(unconstrain(x)): %s = %v, x = %v", point, m.OutputNames()[i], out2[i], out[i])
			}
		}
		for i, p := range ps {
			pi := m.params[i]
			if p.kind == lang.DeclUnitVector { // not one to one: u comes back normalised
				continue
			}
			for j := pi.off; j < pi.off+pi.n; j++ {
				if math.Abs(back[j]-q[j]) > 1e-10 {
					t.Errorf("point %d: %s: unconstrain(constrain(q))[%d] = %v, q = %v", point, p.name, j-pi.off, back[j], q[j])
				}
			}
		}
	}
	t.Run("emitted_C", func(t *testing.T) {
		csrc, err := m.EmitC(emit.Options{})
		if err != nil {
			t.Fatal(err)
		}
		lib := ctest.Open(t, ctest.Build(t, csrc.Code), "bayes_", true)
		lib.BindExtern(csrc.Extern)
		gradC := make([]float64, m.Dim())
		outC := make([]float64, m.NumOutputs())
		for point, q := range points {
			want := k.LogDensityGrad(grad, q)
			if got := lib.LogDensityGrad(&q[0], &gradC[0]); !ctest.Near(got, want) {
				t.Errorf("point %d: C log density %.17g, Go %.17g", point, got, want)
			}
			for i := range q {
				if !ctest.Near(gradC[i], grad[i]) {
					t.Errorf("point %d: C d/dq[%d] = %.17g, Go %.17g", point, i, gradC[i], grad[i])
				}
			}
			k.Constrain(out, q)
			lib.Constrain(&q[0], &outC[0])
			for i := range out {
				if !ctest.Near(outC[i], out[i]) {
					t.Errorf("point %d: C %s = %.17g, Go %.17g", point, m.OutputNames()[i], outC[i], out[i])
				}
			}
			checkValues(t, fmt.Sprintf("C, point %d", point), m, ps, outC)
		}
		runtime.KeepAlive(csrc)
	})
	t.Run("unit_vector_init", func(t *testing.T) {
		// an initial value off the unit sphere is refused, not normalised
		values := checkValues(t, "init", m, ps, out)
		for i, p := range ps {
			if p.kind == lang.DeclUnitVector && p.arr == 1 {
				values[p.name] = []float64{0.6, 0.81}
				err := m.Unconstrain(make([]float64, m.Dim()), values)
				want := fmt.Sprintf("the value of %s (element 1 in row-major order) is outside its constraint", ps[i].name)
				if err == nil || err.Error() != want {
					t.Errorf("error %v, want %q", err, want)
				}
				return
			}
		}
		t.Fatal("no unit_vector parameter")
	})
	t.Run("refused", func(t *testing.T) {
		for _, kind := range lang.DeclKinds() {
			for _, inner := range kindSpecs[kind].refused {
				p := sizedParam{name: "p", kind: kind, inner: inner, arr: 1, bound: -1}
				prog, err := lang.ParseAndCheck("test.bym", []byte("parameters {\n  "+p.declText()+"\n}\n"))
				if err != nil {
					t.Fatal(err)
				}
				_, err = CompileModel(prog, nil)
				if err == nil || !IsCompileError(err) || !strings.HasPrefix(err.Error(), "test.bym:2:3: p: a "+kind.String()) {
					t.Errorf("%s: error %v, want test.bym:2:3: p: a %s ...", p.declText(), err, kind)
				}
			}
		}
	})
}
