// Package ctest compiles emitted C with the system C compiler and calls it
// without cgo (purego), for the tests of the emitter and of the compiler
// that compare the C with the Go CPU kernel. Input: C source (emit.C's
// Code). Output: a loaded library's entry points, and the tolerance within
// which the two evaluations must agree: both compute the same operations
// in the same order except where libm and Go's math package round
// differently (one ulp or so per call) and where the kernel reassociates
// sums (four accumulators, kernel/families.go).
package ctest

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ebitengine/purego"
)

// Tol is the relative tolerance between the C and Go evaluations; Floor
// the magnitude below which it applies absolutely (a gradient component
// that cancels to near 0 carries the rounding of its larger terms).
const (
	Tol   = 1e-12
	Floor = 1.0
)

// Near reports whether got agrees with want to Tol (relative to
// max(|want|, Floor)), or both are the same non-finite value.
func Near(got, want float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return math.IsNaN(want) && math.IsNaN(got) || got == want
	}
	return RelErr(got, want) <= Tol
}

// RelErr is the error of got relative to max(|want|, Floor).
func RelErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Max(math.Abs(want), Floor)
}

// Build compiles code into a shared library as the emitter's users do
// (cc -O2 -shared -fPIC -o x.so x.c -lm) and returns its path.
func Build(t testing.TB, code []byte) string {
	t.Helper()
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	dir := t.TempDir()
	c, so := filepath.Join(dir, "x.c"), filepath.Join(dir, "x.so")
	if err := os.WriteFile(c, code, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cc, "-O2", "-shared", "-fPIC", "-o", so, c, "-lm").CombinedOutput()
	if err != nil {
		t.Fatalf("cc: %v\n%s", err, FirstLines(string(out), 30))
	}
	return so
}

// FirstLines is the first n lines of s, for messages.
func FirstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// Lib is an emitted program loaded with purego.
type Lib struct {
	LogDensityGrad func(q, grad *float64) float64
	Constrain      func(q, out *float64)
	BindData       func(k int32, x *float64)
	Dim            func() int32
}

// Open loads the library so and binds its entry points named with prefix,
// constrain among them when asked.
func Open(t testing.TB, so, prefix string, constrain bool) *Lib {
	t.Helper()
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		t.Fatalf("dlopen %s: %v", so, err)
	}
	t.Cleanup(func() { purego.Dlclose(h) })
	l := &Lib{}
	bind := func(fn any, name string) {
		if _, err := purego.Dlsym(h, prefix+name); err != nil {
			t.Fatalf("%s%s: %v", prefix, name, err)
		}
		purego.RegisterLibFunc(fn, h, prefix+name)
	}
	bind(&l.LogDensityGrad, "log_density_grad")
	bind(&l.BindData, "bind_data")
	bind(&l.Dim, "dim")
	if constrain {
		bind(&l.Constrain, "constrain")
	}
	return l
}

// BindExtern hands the library the data arrays passed by pointer. They stay
// reachable (and Go's heap does not move) while the source is alive.
func (l *Lib) BindExtern(extern [][]float64) {
	for k, x := range extern {
		l.BindData(int32(k), &x[0])
	}
}
