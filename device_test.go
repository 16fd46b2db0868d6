package bayes

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// TestChooseRegime: a model whose gradient reads dataRegimeValues data
// values runs a block per chain when the chains are few, a thread per
// chain when they are many; a small model always a thread per chain.
func TestChooseRegime(t *testing.T) {
	logistic := func(n int) *compiler.Model {
		prog, err := lang.LoadModel(filepath.Join("models", "logistic.bym"))
		if err != nil {
			t.Fatal(err)
		}
		const d = 10
		x := strings.TrimSuffix(strings.Repeat("["+strings.TrimSuffix(strings.Repeat("0.5,", d), ",")+"],", n), ",")
		y := strings.TrimSuffix(strings.Repeat("1,", n), ",")
		data, err := data.Load(prog, "logistic.json", fmt.Appendf(nil, `{"N": %d, "D": %d, "X": [%s], "y": [%s]}`, n, d, x, y))
		if err != nil {
			t.Fatal(err)
		}
		m, err := compiler.CompileModel(prog, data)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	big, small := logistic(dataRegimeValues/10), logistic(dataRegimeValues/20)
	if got := big.DataValues(); got < dataRegimeValues {
		t.Fatalf("a %d x 10 design: DataValues %d, want at least %d", dataRegimeValues/10, got, dataRegimeValues)
	}
	if got := small.DataValues(); got >= dataRegimeValues {
		t.Fatalf("a %d x 10 design: DataValues %d, want under %d", dataRegimeValues/20, got, dataRegimeValues)
	}
	for _, c := range []struct {
		m      *compiler.Model
		chains int
		want   cnuts.Regime
	}{
		{big, 4, cnuts.RegimeData}, {big, dataRegimeChains, cnuts.RegimeData},
		{big, dataRegimeChains + 1, cnuts.RegimeChains}, {small, 4, cnuts.RegimeChains},
	} {
		if got := chooseRegime(c.m, c.chains); got != c.want {
			t.Errorf("%d data values, %d chains: regime %v, want %v", c.m.DataValues(), c.chains, got, c.want)
		}
	}
}
