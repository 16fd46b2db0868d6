package compiler

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// BenchmarkCompile times what `bayes check MODEL --data DATA` does before
// the first gradient: parse and type-check the model, read its data and
// compile it (lowering, ir.Build, differentiation, optimisation, kernel).
// It runs every posteriordb model (model.bym) and every corpus posterior
// (model.stan) that compiles; filter with -bench 'Compile/NAME'. Besides
// ns/op it reports cpu-ns/op, the thread's CPU time (Linux), which a busy
// machine inflates far less than wall time (the garbage collector's other
// threads are not counted).
func BenchmarkCompile(b *testing.B) {
	root := filepath.Join("..", "..", "shared")
	pdb, _ := filepath.Glob(filepath.Join(root, "posteriordb", "*", "model.bym"))
	corpus, _ := filepath.Glob(filepath.Join(root, "corpus", "posteriordb", "*", "model.stan"))
	if len(pdb)+len(corpus) == 0 {
		b.Skip("posteriordb and corpus models not available: the shared folder is absent")
	}
	for _, path := range append(pdb, corpus...) {
		name := filepath.Base(filepath.Dir(path))
		dataFile := filepath.Join(filepath.Dir(path), "data.json")
		b.Run(name, func(b *testing.B) {
			if !compiles(path, dataFile) {
				b.Skip("does not compile")
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ReportAllocs()
			start, ok := threadCPU()
			n := 0
			for b.Loop() {
				compileFiles(b, path, dataFile)
				n++
			}
			if end, ok2 := threadCPU(); ok && ok2 && n > 0 {
				b.ReportMetric(float64((end-start).Nanoseconds())/float64(n), "cpu-ns/op")
			}
		})
	}
}

// compiles says whether the model and its data load and compile, so that
// the benchmark skips the corpus posteriors the compiler does not support.
func compiles(model, dataFile string) bool {
	p, err := lang.LoadModel(model)
	if err != nil {
		return false
	}
	var d *data.Data
	if _, err := os.Stat(dataFile); err == nil {
		if d, err = data.ReadFile(p, dataFile); err != nil {
			return false
		}
	}
	_, err = CompileModel(p, d)
	return err == nil
}
