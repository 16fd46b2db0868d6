package ir_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenDumps compares the printed value and gradient programs with
// testdata/*.golden (go test -run TestGoldenDumps -update rewrites them;
// read the diff before committing).
func TestGoldenDumps(t *testing.T) {
	for _, m := range []irtest.Model{irtest.EightSchools(false), irtest.EightSchools(true), irtest.LogisticRegression(50, 3), irtest.VaryingIntercept(100, 4)} {
		for _, e := range []struct {
			ext  string
			what ir.Emit
		}{{"ir", ir.EmitIR}, {"grad", ir.EmitGrad}} {
			t.Run(m.Name+"."+e.ext, func(t *testing.T) {
				_, p := compileModel(t, m)
				var buf bytes.Buffer
				if err := ir.Fprint(&buf, p, e.what); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", m.Name+"."+e.ext+".golden")
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from the dump:\n%s", path, buf.String())
				}
			})
		}
	}
}
