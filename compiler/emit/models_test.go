package emit_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// compileFiles compiles a model file with its data file ("" for none).
func compileFiles(t testing.TB, model, dataFile string) *compiler.Model {
	t.Helper()
	p, err := lang.LoadModel(model)
	if err != nil {
		t.Fatalf("%s: %v", model, err)
	}
	var d *data.Data
	if dataFile != "" {
		if d, err = data.ReadFile(p, dataFile); err != nil {
			t.Fatalf("%s: %v", dataFile, err)
		}
	}
	m, err := compiler.CompileModel(p, d)
	if err != nil {
		t.Fatalf("%s: %v", model, err)
	}
	return m
}

// compileSource compiles a model given as text with JSON data.
func compileSource(t *testing.T, src, dataJSON string) *compiler.Model {
	t.Helper()
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	d, err := data.Load(p, "test.json", []byte(dataJSON))
	if err != nil {
		t.Fatalf("data: %v", err)
	}
	m, err := compiler.CompileModel(p, d)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return m
}

// randomPoint is a point of dimension n, each coordinate in [-1, 1).
func randomPoint(rng *rand.Rand, n int) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = 2*rng.Float64() - 1
	}
	return q
}

// jsonList writes x as a JSON array.
func jsonList(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = fmt.Sprint(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}
