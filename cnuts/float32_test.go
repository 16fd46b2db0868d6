package cnuts

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/diagnostics"
)

// TestFloat32OnHost samples with the model in single precision (the NUTS
// in double), both regimes, in the plain-C build: every parameter's
// posterior mean must agree with the double-precision run's within 4
// combined Monte Carlo standard errors (diagnostics.MCSEMean of each run).
func TestFloat32OnHost(t *testing.T) {
	schools := cnutstest.EightSchools(t)
	for _, c := range []struct {
		name   string
		m      *compiler.Model
		regime Regime
	}{{"chains", schools, RegimeChains}, {"data", cnutstest.Logistic(t, 400, 3), RegimeData}} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.m.Float32Safe(); err != nil {
				t.Fatalf("Float32Safe: %v", err)
			}
			cfg := DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples = 21, 300, 700
			var runs [2]*ChainResult
			for i, f32 := range []bool{false, true} {
				src, err := NewChainSource(c.m, ChainOptions{Regime: c.regime, Float32: f32})
				if err != nil {
					t.Fatal(err)
				}
				if src.Float32 != f32 {
					t.Fatalf("source Float32 = %v, asked for %v", src.Float32, f32)
				}
				hc, err := BuildHost(src)
				if err != nil {
					t.Fatal(err)
				}
				defer hc.Close()
				if runs[i], err = hc.Run(4, cfg); err != nil {
					t.Fatal(err)
				}
			}
			for k := range c.m.Dim() {
				x64, x32 := runs[0].Column(k), runs[1].Column(k)
				se := math.Hypot(diagnostics.MCSEMean(x64), diagnostics.MCSEMean(x32))
				if d := math.Abs(cnutstest.PoolMean(x64) - cnutstest.PoolMean(x32)); !(d <= 4*se) {
					t.Errorf("%s: mean %.4f in double, %.4f in single precision, 4 standard errors %.4f",
						c.m.OutputNames()[k], cnutstest.PoolMean(x64), cnutstest.PoolMean(x32), 4*se)
				}
			}
		})
	}
}
