package emit_test

import (
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
)

// TestEmitCLibraryModels compiles the models of the library functions of
// issue 15 (compiler/testdata/library) to C and compares the C log density
// and gradient with the Go kernel's at five random points, to ctest.Tol:
// `bayes sample --device c` runs this C.
func TestEmitCLibraryModels(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	files, err := filepath.Glob(filepath.Join("..", "testdata", "library", "*.bym"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no models in compiler/testdata/library: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".bym"), func(t *testing.T) {
			m := compileFiles(t, file, strings.TrimSuffix(file, ".bym")+".json")
			src, err := m.EmitC(emit.Options{})
			if err != nil {
				t.Fatal(err)
			}
			lib := ctest.Open(t, ctest.Build(t, src.Code), "bayes_", true)
			lib.BindExtern(src.Extern)
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(15, 2))
			n := max(m.Dim(), 1)
			gradGo, gradC := make([]float64, n), make([]float64, n)
			for point := range 5 {
				q := randomPoint(rng, n)
				want := k.LogDensityGrad(gradGo[:m.Dim()], q[:m.Dim()])
				if got := lib.LogDensityGrad(&q[0], &gradC[0]); !ctest.Near(got, want) {
					t.Errorf("point %d: C log density %.17g, Go %.17g", point, got, want)
				}
				for i := range m.Dim() {
					if !ctest.Near(gradC[i], gradGo[i]) {
						t.Errorf("point %d: C d/dq[%d] = %.17g, Go %.17g", point, i, gradC[i], gradGo[i])
					}
				}
			}
			runtime.KeepAlive(src)
		})
	}
}
