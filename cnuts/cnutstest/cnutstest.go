// Package cnutstest is what the tests of the C NUTS share: package cnuts's,
// which run its C build on the CPU, and package cuda's, which run the same
// C on a GPU. It holds the models they sample and the checks of a run's
// posterior. Paths are relative to a package folder one level under the
// repository's root (cnuts, cuda), where `go test` runs their tests.
package cnutstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// CompileModel compiles a .bym with its data ("": no data block).
func CompileModel(tb testing.TB, model, dataFile string) *compiler.Model {
	tb.Helper()
	prog, err := lang.LoadModel(model)
	if err != nil {
		tb.Fatal(err)
	}
	var d *data.Data
	if dataFile == "" {
		d, err = data.Load(prog, "empty.json", []byte("{}"))
	} else {
		d, err = data.ReadFile(prog, dataFile)
	}
	if err != nil {
		tb.Fatal(err)
	}
	m, err := compiler.CompileModel(prog, d)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// EightSchools is the repository's non-centered eight schools
// (models/eight_schools_noncentered.bym, data/schools.json): the model of
// EightSchoolsReference.
func EightSchools(tb testing.TB) *compiler.Model {
	tb.Helper()
	return CompileModel(tb, filepath.Join("..", "models", "eight_schools_noncentered.bym"), filepath.Join("..", "data", "schools.json"))
}

// Logistic is models/logistic.bym with n rows of d simulated predictors
// (fixed seed): a model with as much data as a test wants, for RegimeData.
func Logistic(tb testing.TB, n, d int) *compiler.Model {
	tb.Helper()
	prog, err := lang.LoadModel(filepath.Join("..", "models", "logistic.bym"))
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var x, y []string
	for range n {
		eta := 0.3
		row := make([]string, d)
		for j := range d {
			v := rng.NormFloat64()
			eta += 0.5 * v
			row[j] = fmt.Sprint(v)
		}
		x = append(x, "["+strings.Join(row, ",")+"]")
		y = append(y, fmt.Sprint(map[bool]int{false: 0, true: 1}[rng.Float64() < 1/(1+math.Exp(-eta))]))
	}
	src := fmt.Sprintf(`{"N": %d, "D": %d, "X": [%s], "y": [%s]}`, n, d, strings.Join(x, ","), strings.Join(y, ","))
	data, err := data.Load(prog, "logistic.json", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := compiler.CompileModel(prog, data)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// Reference is the part of a posteriordb reference.json the tests read.
type Reference struct {
	Parameters []struct {
		Name    string  `json:"name"`
		Mean    float64 `json:"mean"`
		SD      float64 `json:"sd"`
		ESSBulk float64 `json:"ess_bulk"`
	} `json:"parameters"`
}

// EightSchoolsReference reads posteriordb's reference posterior of the
// non-centered eight schools from cnuts/testdata/posteriordb (its
// README.md: a copy of the shared file), requiring the copy to equal the
// shared file where ../shared is present.
func EightSchoolsReference(tb testing.TB) Reference {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "cnuts", "testdata", "posteriordb", "eight_schools_noncentered_reference.json"))
	if err != nil {
		tb.Fatal(err)
	}
	shared := filepath.Join("..", "..", "shared", "posteriordb", "eight_schools-eight_schools_noncentered", "reference.json")
	if want, err := os.ReadFile(shared); err == nil && !bytes.Equal(raw, want) {
		tb.Errorf("cnuts/testdata/posteriordb/eight_schools_noncentered_reference.json differs from %s", shared)
	}
	var ref Reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		tb.Fatal(err)
	}
	return ref
}

// MeanVar is the mean and the sample variance of x.
func MeanVar(x []float64) (m, v float64) {
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, v / float64(len(x)-1)
}

// PoolMean is the mean of every chain's values together.
func PoolMean(x [][]float64) float64 {
	return mean(flatten(x))
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func flatten(x [][]float64) []float64 {
	var out []float64
	for _, c := range x {
		out = append(out, c...)
	}
	return out
}

// Draws is what SamePosterior reads of a run (cnuts.ChainResult): output k
// of every draw, one slice per chain.
type Draws interface {
	Column(k int) [][]float64
}

// SamePosterior requires the posterior means of every parameter of two
// runs to agree within 4 combined standard errors. A logistic posterior
// mixes fast: an effective sample size of a third of the draws is a safe
// floor for both samplers.
func SamePosterior(tb testing.TB, m *compiler.Model, a, b Draws) {
	tb.Helper()
	for k := range m.Dim() {
		xa, xb := flatten(a.Column(k)), flatten(b.Column(k))
		ma, va := MeanVar(xa)
		mb, vb := MeanVar(xb)
		na, nb := float64(len(xa))/3, float64(len(xb))/3
		if se := math.Sqrt(va/na + vb/nb); math.Abs(ma-mb) > 4*se {
			tb.Errorf("%s: mean %.4f in one run, %.4f in the other, 4 standard errors %.4f", m.OutputNames()[k], ma, mb, 4*se)
		}
	}
}
