package compiler

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenDumps compares the printed value and gradient programs with
// testdata/*.golden (go test -run TestGoldenDumps -update rewrites them;
// read the diff before committing).
func TestGoldenDumps(t *testing.T) {
	for _, m := range []model{eightSchools(false), eightSchools(true), logisticRegression(50, 3), varyingIntercept(100, 4)} {
		for _, e := range []struct {
			ext  string
			what Emit
		}{{"ir", EmitIR}, {"grad", EmitGrad}} {
			t.Run(m.name+"."+e.ext, func(t *testing.T) {
				_, p := compileModel(t, m)
				var buf bytes.Buffer
				if err := Fprint(&buf, p, e.what); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", m.name+"."+e.ext+".golden")
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
