package cnuts

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/ebitengine/purego"
)

// The per-chain NUTS of nuts.h, run on the CPU: the same C that
// NVRTC compiles for the GPU, built with cc and driven through
// the plain-C build of its blocks. Nothing here runs on a GPU.

// buildChains emits m with the NUTS, builds it with cc and loads it,
// skipping when there is no C compiler.
func buildChains(t *testing.T, m *compiler.Model) *HostChains {
	t.Helper()
	return buildChainsWith(t, m, ChainOptions{})
}

// buildChainsWith is buildChains for a source built with opts.
func buildChainsWith(t *testing.T, m *compiler.Model, opts ChainOptions) *HostChains {
	t.Helper()
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	src, err := NewChainSource(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := BuildHost(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Close() })
	return hc
}

var (
	stdNormalOnce sync.Once
	stdNormal     *compiler.Model
)

func stdNormalModel(t *testing.T) *compiler.Model {
	stdNormalOnce.Do(func() { stdNormal = cnutstest.CompileModel(t, filepath.Join("testdata", "std_normal_10.bym"), "") })
	if stdNormal == nil {
		t.Fatal("testdata/std_normal_10.bym did not compile (see the first test that used it)")
	}
	return stdNormal
}

// TestPhiloxKnownAnswers checks bayes_philox4x32_10 against the known
// answers of Random123 1.14 (tests/kat_vectors, the "philox4x32 10" lines:
// counter, key, output).
func TestPhiloxKnownAnswers(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	var block func(ctr, key, out *uint32)
	purego.RegisterLibFunc(&block, hc.h, "bayes_philox_block")
	for _, c := range []struct {
		name string
		ctr  [4]uint32
		key  [2]uint32
		want [4]uint32
	}{
		{"zeros", [4]uint32{}, [2]uint32{}, [4]uint32{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
		{"ones", [4]uint32{^uint32(0), ^uint32(0), ^uint32(0), ^uint32(0)}, [2]uint32{^uint32(0), ^uint32(0)},
			[4]uint32{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
		{"pi", [4]uint32{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, [2]uint32{0xa4093822, 0x299f31d0},
			[4]uint32{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out [4]uint32
			block(&c.ctr[0], &c.key[0], &out[0])
			if out != c.want {
				t.Errorf("philox4x32-10(%08x, %08x) = %08x, want %08x", c.ctr, c.key, out, c.want)
			}
		})
	}
}

// TestRNGMoments draws 2^16 uniforms and normals from two streams and
// requires the mean and variance of each within 4 standard errors of
// U(0, 1)'s (1/2, 1/12) and N(0, 1)'s (0, 1), and the streams to differ.
func TestRNGMoments(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	var fill func(seed, stream uint64, n int32, uniform, normal *float64)
	purego.RegisterLibFunc(&fill, hc.h, "bayes_rng_fill")
	const n = 1 << 16
	first := make([]float64, n)
	for stream := range uint64(2) {
		u, z := make([]float64, n), make([]float64, n)
		fill(2026, stream, n, &u[0], &z[0])
		if stream == 0 {
			copy(first, u)
		} else if u[0] == first[0] && u[1] == first[1] {
			t.Errorf("streams 0 and 1 start with the same uniforms %v", u[:2])
		}
		for _, c := range []struct {
			name                 string
			x                    []float64
			mean, variance, kurt float64 // kurt: E(x-mean)^4 / variance^2
		}{
			{"uniform", u, 0.5, 1.0 / 12, 1.8},
			{"normal", z, 0, 1, 3},
		} {
			m, v := cnutstest.MeanVar(c.x)
			seMean := math.Sqrt(c.variance / n)
			seVar := c.variance * math.Sqrt((c.kurt-1)/n)
			if math.Abs(m-c.mean) > 4*seMean || math.Abs(v-c.variance) > 4*seVar {
				t.Errorf("stream %d, %s: mean %.5f (want %g ± %.5f), variance %.5f (want %.5f ± %.5f)",
					stream, c.name, m, c.mean, 4*seMean, v, c.variance, 4*seVar)
			}
		}
	}
}

// cudaShim stands in for what NVRTC predefines (as compiler's
// emit_c_test.go does), plus the launch built-ins of the kernel wrapper.
const cudaShim = `#include <math.h>
#include <stddef.h>
#define __CUDACC__ 1
#define __device__
#define __global__
#define __longlong_as_double(x) ((double)(x))
#define __int_as_float(x) ((float)(x))
#define __noinline__ __attribute__((noinline))
#define __launch_bounds__(n)
struct bayes_dim3 { unsigned int x, y, z; };
static bayes_dim3 blockIdx, blockDim, threadIdx;
static void __syncthreads(void) {}
`

// TestChainSourceIsCUDA compiles the whole source (prelude, model, NUTS
// and the __global__ kernels) of both regimes, in double and single
// precision, as C++17 under the CUDA macros.
func TestChainSourceIsCUDA(t *testing.T) {
	cxx, err := exec.LookPath("c++")
	if err != nil {
		t.Skipf("no C++ compiler: c++ is not on PATH (%v)", err)
	}
	schools := cnutstest.EightSchools(t)
	logistic := cnutstest.Logistic(t, 50, 3)
	for _, c := range []struct {
		name string
		opts ChainOptions
		m    *compiler.Model
	}{
		{"chains", ChainOptions{}, schools},
		{"data", ChainOptions{Regime: RegimeData}, logistic},
		{"chains float32", ChainOptions{Float32: true}, schools},
		{"data float32", ChainOptions{Regime: RegimeData, Float32: true}, logistic},
		{"chains dense", ChainOptions{Metric: sampler.Dense}, schools},
		{"data dense", ChainOptions{Regime: RegimeData, Metric: sampler.Dense}, logistic},
	} {
		t.Run(c.name, func(t *testing.T) {
			src, err := NewChainSource(c.m, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), "chains.cu.cpp")
			if err := os.WriteFile(f, append([]byte(cudaShim), src.Code...), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(cxx, "-std=c++17", "-fsyntax-only", "-pedantic-errors", "-Wall", "-Werror", f).CombinedOutput(); err != nil {
				t.Errorf("the chain source is not valid C++ under the CUDA macros: %v\n%s", err, out)
			}
		})
	}
}

// TestEightSchools runs 8 chains of 1000 warmup and 2000 kept
// iterations of the non-centered eight schools and requires:
//   - the posterior means of mu, tau and theta[1] within 4 standard errors
//     of posteriordb's reference (rstan 2.21.1, 10 x 10000 draws thinned
//     by 10; testdata/posteriordb), the error combining our MCSE
//     (diagnostics.MCSEMean: sd / sqrt(ESS)) and the reference's
//     (sd / sqrt(ess_bulk));
//   - under 2% divergent transitions, and adapted step sizes in (0.1, 1.5)
//     (Stan adapts about 0.4 to 0.7 here at adapt_delta 0.8).
//
// That the C sampler is the Go one is TestTransitionsMatchGo's check,
// transition by transition, without ../shared.
func TestEightSchools(t *testing.T) {
	ref := cnutstest.EightSchoolsReference(t)
	m := cnutstest.EightSchools(t)
	hc := buildChains(t, m)
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 20261125, 1000, 2000
	const chains = 8
	r, err := hc.Run(chains, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkEightSchools(t, r, m.OutputNames(), ref)
}

// checkEightSchools holds a run of the non-centered eight schools to
// posteriordb's reference: the means of mu, tau and theta[1] within 4
// standard errors (the run's MCSE and the reference's), under 2%
// divergent transitions, step sizes in (0.1, 1.5).
func checkEightSchools(t *testing.T, r *ChainResult, names []string, ref cnutstest.Reference) {
	t.Helper()
	index := map[string]int{}
	for k, n := range names {
		index[n] = k
	}
	for _, p := range ref.Parameters {
		if p.Name != "mu" && p.Name != "tau" && p.Name != "theta[1]" {
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			k, ok := index[p.Name]
			if !ok {
				t.Fatalf("no output %s among %v", p.Name, names)
			}
			x := r.Column(k)
			mean, mcse := cnutstest.PoolMean(x), diagnostics.MCSEMean(x)
			se := math.Hypot(mcse, p.SD/math.Sqrt(p.ESSBulk))
			t.Logf("mean %.3f (reference %.3f), MCSE %.3f, ESS bulk %.0f", mean, p.Mean, mcse, diagnostics.ESSBulk(x))
			if math.Abs(mean-p.Mean) > 4*se {
				t.Errorf("posterior mean of %s = %.3f, reference %.3f: more than 4 standard errors (%.3f) apart", p.Name, mean, p.Mean, se)
			}
		})
	}
	div := cnutstest.PoolMean(r.StatColumn(StatDivergent))
	if div > 0.02 {
		t.Errorf("%.2f%% divergent transitions, want under 2%%", 100*div)
	}
	for c, eps := range r.Stepsize {
		if !(eps > 0.1 && eps < 1.5) {
			t.Errorf("chain %d: adapted step size %g outside (0.1, 1.5)", c+1, eps)
		}
	}
	t.Logf("device C: treedepth %.3f, accept_stat %.3f, n_leapfrog %.2f, divergent %.3f%%, step sizes %.3f",
		cnutstest.PoolMean(r.StatColumn(StatTreedepth)), cnutstest.PoolMean(r.StatColumn(StatAcceptStat)), cnutstest.PoolMean(r.StatColumn(StatNLeapfrog)), 100*div, r.Stepsize)
}

// TestStdNormal runs 4 chains of 1000 warmup and 2000 kept
// iterations on a 10-dimensional standard normal and requires every
// coordinate's mean within 4 MCSE of 0 and its variance (the mean of x^2)
// within 4 MCSE of 1, MCSE from diagnostics.MCSEMean.
func TestStdNormal(t *testing.T) {
	m := stdNormalModel(t)
	hc := buildChains(t, m)
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Samples = 7, 2000
	r, err := hc.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkUnitMoments(t, r, m.OutputNames())
	if div := cnutstest.PoolMean(r.StatColumn(StatDivergent)); div != 0 {
		t.Errorf("%.3f%% divergent transitions on a standard normal, want none", 100*div)
	}
}

// checkUnitMoments checks that each output of r, named by names, has mean
// 0 and mean square 1 (a standard normal marginal) within 4 MCSE.
func checkUnitMoments(t *testing.T, r *ChainResult, names []string) {
	t.Helper()
	for k, name := range names {
		x := r.Column(k)
		x2 := make([][]float64, len(x))
		for c := range x {
			x2[c] = make([]float64, len(x[c]))
			for i, v := range x[c] {
				x2[c][i] = v * v
			}
		}
		for _, c := range []struct {
			what string
			x    [][]float64
			want float64
		}{{"mean", x, 0}, {"mean square", x2, 1}} {
			got, mcse := cnutstest.PoolMean(c.x), diagnostics.MCSEMean(c.x)
			if math.Abs(got-c.want) > 4*mcse {
				t.Errorf("%s of %s = %.4f, want %g within 4 MCSE (%.4f)", c.what, name, got, c.want, 4*mcse)
			}
		}
	}
}

// TestChainsReproducible: the same seed gives the same draws, and chains
// of one run differ (each has its own Philox stream); a run with
// ChainOffset 1 reproduces chain 1 of a run from 0.
func TestChainsReproducible(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 3, 100, 50
	a, err := hc.Run(2, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := hc.Run(2, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ChainOffset = 1
	off, err := hc.Run(1, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Draws {
		if a.Draws[i] != b.Draws[i] {
			t.Fatalf("draw value %d differs between two runs with one seed: %g, %g", i, a.Draws[i], b.Draws[i])
		}
	}
	if a.Draw(0, 0)[0] == a.Draw(1, 0)[0] {
		t.Errorf("chains 1 and 2 start with the same draw %g", a.Draw(0, 0)[0])
	}
	for i := range off.Draws {
		if off.Draws[i] != a.Draws[a.Samples*a.NumOutputs+i] {
			t.Fatalf("ChainOffset 1: draw value %d is %g, chain 2 of the full run has %g", i, off.Draws[i], a.Draws[a.Samples*a.NumOutputs+i])
		}
	}
}

// TestChainConfigErrors: settings the device sampler cannot run are
// refused before any chain starts, naming the setting.
func TestChainConfigErrors(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	for _, c := range []struct {
		name string
		edit func(*ChainConfig)
	}{
		{"depth 0", func(c *ChainConfig) { c.MaxTreeDepth = 0 }},
		{"depth over the source's", func(c *ChainConfig) { c.MaxTreeDepth = DefaultMaxDepth + 1 }},
		{"adapt_delta 1", func(c *ChainConfig) { c.AdaptDelta = 1 }},
		{"stepsize 0", func(c *ChainConfig) { c.Stepsize = 0 }},
		{"negative warmup", func(c *ChainConfig) { c.Warmup = -1 }},
		{"NaN radius", func(c *ChainConfig) { c.InitRadius = math.NaN() }},
		{"dense metric on a diagonal source", func(c *ChainConfig) { c.Metric = sampler.Dense }},
		{"unit metric", func(c *ChainConfig) { c.Metric = sampler.Unit }},
		{"low-rank metric", func(c *ChainConfig) { c.Metric = sampler.LowRank }},
		{"initial values of 9 coordinates", func(c *ChainConfig) { c.Inits = [][]float64{make([]float64, 9)} }},
		{"a saved metric of 9 entries", func(c *ChainConfig) {
			c.AdaptFrom = []sampler.ChainState{{Stepsize: 0.5, Metric: sampler.Diag, InvMetric: make([]float64, 9)}}
		}},
		{"a saved diagonal entry 0", func(c *ChainConfig) {
			c.AdaptFrom = []sampler.ChainState{{Stepsize: 0.5, Metric: sampler.Diag, InvMetric: make([]float64, 10)}}
		}},
		{"a saved step size 0", func(c *ChainConfig) {
			c.AdaptFrom = []sampler.ChainState{{Metric: sampler.Diag, InvMetric: slices.Repeat([]float64{1}, 10)}}
		}},
		{"a saved dense metric on a diagonal source", func(c *ChainConfig) {
			c.AdaptFrom = []sampler.ChainState{{Stepsize: 0.5, Metric: sampler.Dense, InvMetric: make([]float64, 100)}}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultChainConfig()
			c.edit(&cfg)
			if _, err := hc.Run(1, cfg); err == nil {
				t.Errorf("Run accepted %+v", cfg)
			}
		})
	}
}

// recursiveBuildTree is Stan's recursive build_tree, line for line as
// sampler/nuts.go's buildTree, in the C of nuts.h: the reference
// that TestBuildTreeUnrolled holds the explicit-stack version to.
const recursiveBuildTree = `BAYES_FN int bayes_nuts_build_tree(bayes_nuts_state *s, bayes_nuts_point *z, int depth,
	bayes_nuts_point *z_propose, double *p_sharp_beg, double *p_sharp_end, double *rho,
	double *p_beg, double *p_end, double sign, double *log_sum_weight)
{
	*log_sum_weight = 0.0;
	if (depth == 0) {
		bayes_nuts_frame f;
		f.z_propose = z_propose, f.p_sharp_beg = p_sharp_beg, f.p_sharp_end = p_sharp_end;
		f.rho = rho, f.p_beg = p_beg, f.p_end = p_end;
		double lw = bayes_nuts_leaf(s, z, &f, sign);
		if (s->divergent) return 0;
		*log_sum_weight = lw;
		return 1;
	}
	bayes_nuts_level *l = &s->levels[depth];
	double lw_init, lw_final;
	bayes_nuts_zero(l->rho_init);
	if (!bayes_nuts_build_tree(s, z, depth - 1, z_propose, p_sharp_beg, l->p_sharp_init_end, l->rho_init,
		p_beg, l->p_init_end, sign, &lw_init)) return 0;
	bayes_nuts_zero(l->rho_final);
	if (!bayes_nuts_build_tree(s, z, depth - 1, &l->z_propose_final, l->p_sharp_final_beg, p_sharp_end,
		l->rho_final, l->p_final_beg, p_end, sign, &lw_final)) return 0;
	double lsw = bayes_nuts_log_sum_exp(lw_init, lw_final);
	if (bayes_nuts_take_new(s, lw_final, lsw)) *z_propose = l->z_propose_final;
	int no_u_turn = bayes_nuts_merged_no_u_turn(l->rho_subtree,
		l->rho_init, p_sharp_beg, l->p_init_end, l->p_sharp_init_end,
		l->rho_final, l->p_final_beg, l->p_sharp_final_beg, p_sharp_end);
	for (int i = 0; i < BAYES_NUTS_D; i++) rho[i] += l->rho_subtree[i];
	*log_sum_weight = lsw;
	return no_u_turn;
}

`

// TestBuildTreeUnrolled swaps the explicit-stack bayes_nuts_build_tree for
// the recursive one and requires the same chains bit for bit (both
// consume the random stream in the same order): 2 chains of 200 warmup
// and 300 kept iterations of the non-centered eight schools, and of the
// same at max_depth 3 (trajectories cut at the limit).
func TestBuildTreeUnrolled(t *testing.T) {
	m := cnutstest.EightSchools(t)
	unrolled := buildChains(t, m)
	src := *unrolled.src
	code := string(src.Code)
	begin := strings.Index(code, "BAYES_FN int bayes_nuts_build_tree(")
	end := strings.Index(code, "/* bayes_nuts_transition ")
	if begin < 0 || end < begin {
		t.Fatal("bayes_nuts_build_tree or the comment after it is not in the source: update the markers")
	}
	src.Code = []byte(code[:begin] + recursiveBuildTree + code[end:])
	recursive, err := BuildHost(&src)
	if err != nil {
		t.Fatal(err)
	}
	defer recursive.Close()
	for _, depth := range []int{10, 3} {
		t.Run(fmt.Sprintf("max_depth=%d", depth), func(t *testing.T) {
			cfg := DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples, cfg.MaxTreeDepth = 5, 200, 300, depth
			a, err := unrolled.Run(2, cfg)
			if err != nil {
				t.Fatal(err)
			}
			b, err := recursive.Run(2, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := cnutstest.PoolMean(a.StatColumn(StatTreedepth)); depth == 3 && got < 2.5 {
				t.Errorf("mean treedepth %.2f at max_depth 3: the limit is hardly reached, the case tests little", got)
			}
			for _, c := range []struct {
				name string
				x, y []float64
			}{{"draws", a.Draws, b.Draws}, {"stats", a.Stats, b.Stats}, {"step sizes", a.Stepsize, b.Stepsize}} {
				for i := range c.x {
					if c.x[i] != c.y[i] {
						t.Fatalf("%s[%d]: unrolled %.17g, recursive %.17g", c.name, i, c.x[i], c.y[i])
					}
				}
			}
		})
	}
}

// TestConfigLayout: CConfig must be laid out as bayes_nuts_config (C's
// rules for these types on every 64-bit ABI that CUDA supports).
func TestConfigLayout(t *testing.T) {
	var c CConfig
	got := []uintptr{unsafe.Offsetof(c.seed), unsafe.Offsetof(c.chainOffset), unsafe.Offsetof(c.numWarmup),
		unsafe.Offsetof(c.numSamples), unsafe.Offsetof(c.maxDepth), unsafe.Offsetof(c.adaptDelta),
		unsafe.Offsetof(c.stepsize), unsafe.Offsetof(c.initRadius), unsafe.Offsetof(c.superchainSize),
		unsafe.Offsetof(c.metricStart), unsafe.Offsetof(c.metricStop), unsafe.Offsetof(c.numWindows), unsafe.Offsetof(c.windowEnds),
		unsafe.Offsetof(c.adaptNutpie), unsafe.Offsetof(c.nutpieEarly), unsafe.Offsetof(c.nutpieEarlyEnd), unsafe.Offsetof(c.nutpieFinalStart),
		unsafe.Offsetof(c.nutpieNumSizes), unsafe.Offsetof(c.nutpieSizes), unsafe.Sizeof(c)}
	want := []uintptr{0, 8, 12, 16, 20, 24, 32, 40, 48, 52, 56, 60, 64, 192, 196, 200, 204, 208, 212, 384}
	if !slices.Equal(got, want) {
		t.Errorf("CConfig offsets and size %v, want %v", got, want)
	}
}

// TestChainStatusErrors: a chain that fails on the device side comes back
// as an error naming the chain and the cause.
func TestChainStatusErrors(t *testing.T) {
	hc := buildChains(t, cnutstest.CompileModel(t, filepath.Join("testdata", "never_finite.bym"), ""))
	_, err := hc.Run(2, DefaultChainConfig())
	if err == nil || !strings.Contains(err.Error(), "chain 1: initialization failed after 100 attempts") {
		t.Errorf("Run on a log density that is never finite: error %v, want chain 1's initialization failure", err)
	}
}

// TestHostChainsClosed: a closed HostChains refuses to run, where calling
// into its unloaded library would crash the process, and closes again
// quietly.
func TestHostChainsClosed(t *testing.T) {
	hc := buildChains(t, stdNormalModel(t))
	cfg := DefaultChainConfig()
	cfg.Warmup, cfg.Samples, cfg.Seed = 20, 10, 1
	if _, err := hc.Run(2, cfg); err != nil {
		t.Fatalf("before Close: %v", err)
	}
	if err := hc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := hc.Run(2, cfg); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("after Close: error %v, want one saying the chains are closed", err)
	}
	if err := hc.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}
