package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// logisticModel is models/logistic.bym with n rows of d simulated
// predictors (fixed seed).
func logisticModel(t *testing.T, n, d int) *compiler.Model {
	t.Helper()
	prog, err := lang.LoadModel(filepath.Join("..", "models", "logistic.bym"))
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	m, err := compiler.CompileModel(prog, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDataRegimeOnHost runs regime 2 (a group of threads per chain, every
// thread running the NUTS, the gradient shared) in its plain-C build, 3
// POSIX threads per chain, against regime 1 on the same model: the sums
// of the shared gradient round differently, so the chains are not
// bit-identical, but the posteriors must agree within Monte Carlo error
// (4 combined standard errors, from each run's effective sample size).
func TestDataRegimeOnHost(t *testing.T) {
	m := logisticModel(t, 400, 3)
	group, err := NewChainSource(m, ChainOptions{Regime: RegimeData})
	if err != nil {
		t.Fatal(err)
	}
	if !group.Group || group.RedWidth < 1 {
		t.Fatalf("RegimeData source: Group %v, RedWidth %d", group.Group, group.RedWidth)
	}
	single := buildChains(t, m)
	shared, err := BuildHost(group)
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 9, 300, 500
	a, err := single.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := shared.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if b.Gradients < int64(4*(cfg.Warmup+cfg.Samples)) {
		t.Errorf("regime 2 counted %d gradients for %d iterations", b.Gradients, 4*(cfg.Warmup+cfg.Samples))
	}
	samePosterior(t, m, a, b)
}

// TestDataRegimeOnDevice runs regime 2 on the first GPU (a block of
// groupThreads threads per chain) against regime 1's plain-C build, as
// TestDataRegimeOnHost does. It skips without a GPU or NVRTC; it has not
// run yet.
func TestDataRegimeOnDevice(t *testing.T) {
	d := openOrSkip(t)
	nvrtcOrSkip(t, d)
	m := logisticModel(t, 2000, 5)
	src, err := NewChainSource(m, ChainOptions{Regime: RegimeData})
	if err != nil {
		t.Fatal(err)
	}
	// With a GPU and NVRTC, a failure here is a bug, not a reason to skip.
	s, err := OpenSession(src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 9, 500, 1000
	b, err := s.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, err := buildChains(t, m).Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	samePosterior(t, m, a, b)
}

// samePosterior requires the posterior means of every parameter of two
// runs to agree within 4 combined standard errors. A logistic posterior
// mixes fast: an effective sample size of a third of the draws is a safe
// floor for both samplers.
func samePosterior(t *testing.T, m *compiler.Model, a, b *ChainResult) {
	t.Helper()
	for k := range m.Dim() {
		ma, va := meanVar(flatten(column(a, k)))
		mb, vb := meanVar(flatten(column(b, k)))
		na, nb := float64(a.Chains*a.Samples)/3, float64(b.Chains*b.Samples)/3
		if se := math.Sqrt(va/na + vb/nb); math.Abs(ma-mb) > 4*se {
			t.Errorf("%s: mean %.4f in one run, %.4f in the other, 4 standard errors %.4f", m.OutputNames()[k], ma, mb, 4*se)
		}
	}
}

func flatten(x [][]float64) []float64 {
	var out []float64
	for _, c := range x {
		out = append(out, c...)
	}
	return out
}
