package cuda

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/ebitengine/purego"
)

// The device path (OpenSession, LoadChains, Chains, the kernels of
// cnuts/nuts.h under __CUDACC__) run without a GPU, through the fake
// libcuda.so.1 and libnvrtc.so of testdata/fakecuda: NVRTC's "compile" is
// the host C++ compiler, a launch runs each thread block as POSIX threads.
// What it checks is package cuda's side of the driver API (contexts, copies,
// parameters, allocation sizes, frees) and the kernels' C as CUDA, not
// the GPU's arithmetic; TestNUTSKernelOnDevice and `make test-gpu` are
// the checks on a real GPU.

// fakeChildEnv marks the child process that runs on the fake driver.
const fakeChildEnv = "BAYES_FAKE_CUDA_CHILD"

// fakeChildTests are the tests the child runs: this one, and the GPU tests
// of driver_test.go, which the fake makes run instead of skipping.
var fakeChildTests = []string{"TestDeviceOnFakeDriver", "TestDevices", "TestCompileAndLaunch", "TestCompileError"}

// TestDeviceOnFakeDriver builds the fake driver and NVRTC into a temporary
// folder and runs the device tests in a child process that finds them
// first (LD_LIBRARY_PATH, read by the dynamic loader at start; package cuda
// loads libcuda once per process, hence the child).
func TestDeviceOnFakeDriver(t *testing.T) {
	if os.Getenv(fakeChildEnv) != "" {
		runOnFakeDriver(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skipf("the fake CUDA driver is built for Linux (dlopen, ELF symbol sizes), not %s", runtime.GOOS)
	}
	for _, tool := range []string{"cc", "c++"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH to build the fake CUDA driver: %v", tool, err)
		}
	}
	dir := t.TempDir()
	fake, err := filepath.Abs(filepath.Join("testdata", "fakecuda"))
	if err != nil {
		t.Fatal(err)
	}
	shim, err := os.ReadFile(filepath.Join(fake, "shim.h"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shim.h"), shim, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct{ lib, src string }{{"libcuda.so.1", "cuda.c"}, {"libnvrtc.so", "nvrtc.c"}} {
		cmd := exec.Command("cc", "-O1", "-Wall", "-Werror", "-Wno-unused-parameter", "-shared", "-fPIC", "-pthread",
			"-o", filepath.Join(dir, b.lib), filepath.Join(fake, b.src), "-ldl")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building the fake %s: %v\n%s", b.lib, err, out)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^("+strings.Join(fakeChildTests, "|")+")$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), fakeChildEnv+"=1", "BAYES_FAKE_CUDA_DIR="+dir, cacheDirEnv+"="+filepath.Join(dir, "cache"),
		"LD_LIBRARY_PATH="+dir+string(os.PathListSeparator)+os.Getenv("LD_LIBRARY_PATH"))
	out, err := cmd.CombinedOutput()
	t.Logf("child on the fake driver:\n%s", out)
	if err != nil {
		t.Fatalf("the tests on the fake driver failed: %v", err)
	}
	// Each test must have run, not skipped (a skip would mean the fake was
	// not found: the child would pass having checked nothing).
	for _, name := range fakeChildTests {
		if !strings.Contains(string(out), "--- PASS: "+name+" ") {
			t.Errorf("the child did not pass %s", name)
		}
	}
	if strings.Contains(string(out), "--- SKIP") {
		t.Errorf("the child skipped tests on the fake driver")
	}
}

// fakeCounter reads one of the fake driver's counts (bayes_fake_counter,
// testdata/fakecuda/cuda.c).
func fakeCounter(t *testing.T, name string) int {
	t.Helper()
	h, err := purego.Dlopen("libcuda.so.1", purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		t.Fatal(err)
	}
	var counter func(string) int64
	purego.RegisterLibFunc(&counter, h, "bayes_fake_counter")
	n := counter(name)
	if n < 0 {
		t.Fatalf("the fake driver has no counter %q", name)
	}
	return int(n)
}

// checkNoLeaks requires every context, module and allocation to be gone,
// and none to have been left for cuCtxDestroy to free.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	for _, name := range []string{"leaked", "contexts", "modules", "regions"} {
		if n := fakeCounter(t, name); n != 0 {
			t.Errorf("fake driver: %d %s after Close, want 0", n, name)
		}
	}
}

// runOnFakeDriver is TestDeviceOnFakeDriver in the child.
func runOnFakeDriver(t *testing.T) {
	d, err := Open()
	if err != nil {
		t.Fatalf("Open on the fake driver: %v", err)
	}
	defer d.Close()
	devs, err := d.Devices()
	if err != nil || len(devs) != 1 || !strings.HasPrefix(devs[0].Name, "Fake ") || devs[0].Arch() != "sm_90" {
		t.Fatalf("Devices: %+v, %v; want the fake's one device (not a real driver found first)", devs, err)
	}
	if _, _, err := d.NVRTCVersion(); err != nil || d.nv.getCUBIN == nil {
		t.Fatalf("the fake NVRTC: %v (nvrtcGetCUBIN bound: %v)", err, d.nv.getCUBIN != nil)
	}

	t.Run("no current context", func(t *testing.T) {
		// The fake enforces that every call runs with a context current,
		// so every call that succeeds below had one (Context.do).
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var p uint64
		if err := d.check("cuCtxSetCurrent", d.cuCtxSetCurrent(0)); err != nil {
			t.Fatal(err)
		}
		if err := d.check("cuMemAlloc_v2", d.cuMemAlloc(&p, 8)); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_INVALID_CONTEXT") {
			t.Errorf("cuMemAlloc with no current context: %v, want CUDA_ERROR_INVALID_CONTEXT", err)
		}
	})

	t.Run("PTX", func(t *testing.T) {
		// A virtual architecture gives PTX (the sm_90 runs below load CUBIN).
		image, log, err := d.CompileCUDA(saxpy, "compute_90")
		if err != nil {
			t.Fatalf("CompileCUDA: %v\n%s", err, log)
		}
		c, err := d.NewContext(0)
		if err != nil {
			t.Fatal(err)
		}
		before := fakeCounter(t, "ptx_loads")
		m, err := c.LoadModule(image)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Function("no_such_kernel"); err == nil || !strings.Contains(err.Error(), "CUDA_ERROR_NOT_FOUND") {
			t.Errorf("Function of a missing kernel: %v, want CUDA_ERROR_NOT_FOUND", err)
		}
		if err := errors.Join(m.Unload(), c.Close()); err != nil {
			t.Fatal(err)
		}
		if fakeCounter(t, "ptx_loads") != before+1 {
			t.Errorf("LoadModule of compute_90 code did not load PTX")
		}
		checkNoLeaks(t)
	})

	schools := cnutstest.EightSchools(t)
	// N*D > emit.DefaultInlineData: X is bound by pointer, through
	// the module's bayes_extern_data table (cuModuleGetGlobal).
	logistic := cnutstest.Logistic(t, 1400, 3)
	for _, c := range []struct {
		name           string
		regime         cnuts.Regime
		f32            bool
		chains, warmup int
		samples        int
	}{
		// More chains than a block of chainsPerBlock threads; two thread
		// blocks (chains) of cnuts.GroupThreads in the data regime.
		{"chains", cnuts.RegimeChains, false, chainsPerBlock + 5, 100, 60},
		{"chains float32", cnuts.RegimeChains, true, chainsPerBlock + 5, 100, 60},
		{"data", cnuts.RegimeData, false, 2, 10, 10},
		{"data float32", cnuts.RegimeData, true, 2, 10, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := schools
			if c.regime == cnuts.RegimeData {
				m = logistic
			}
			src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{Regime: c.regime, Float32: c.f32})
			if err != nil {
				t.Fatal(err)
			}
			if c.regime == cnuts.RegimeData && len(src.Extern) == 0 {
				t.Fatal("no data bound by pointer: the case does not test bindDeviceData")
			}
			cfg := cnuts.DefaultChainConfig()
			cfg.Seed, cfg.Warmup, cfg.Samples = 17, c.warmup, c.samples
			want := hostRun(t, src, c.chains, cfg)
			cubins := fakeCounter(t, "cubin_loads")
			s, err := OpenSession(src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Run(c.chains, cfg)
			if err != nil {
				s.Close()
				t.Fatal(err)
			}
			if c.regime == cnuts.RegimeChains && !c.f32 {
				streamBlocks(t, s, c.chains, cfg, got)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			checkNoLeaks(t)
			if fakeCounter(t, "cubin_loads") != cubins+1 {
				t.Errorf("OpenSession for sm_90 did not load a CUBIN")
			}
			sameRun(t, got, want)
		})
	}

	t.Run("chain failure", func(t *testing.T) {
		src, err := cnuts.NewChainSource(cnutstest.CompileModel(t, filepath.Join("..", "cnuts", "testdata", "never_finite.bym"), ""), cnuts.ChainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s, err := OpenSession(src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Run(3, cnuts.DefaultChainConfig())
		if cerr := s.Close(); cerr != nil {
			t.Fatal(cerr)
		}
		if err == nil || !strings.Contains(err.Error(), "chain 1: initialization failed after 100 attempts") {
			t.Errorf("Run on a log density that is never finite: %v, want chain 1's initialization failure", err)
		}
		checkNoLeaks(t)
	})

	t.Run("compile cache", func(t *testing.T) {
		// The chain-failure model was compiled once above: opening it again
		// loads the cached image and compiles nothing.
		src, err := cnuts.NewChainSource(cnutstest.CompileModel(t, filepath.Join("..", "cnuts", "testdata", "never_finite.bym"), ""), cnuts.ChainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		compiles := func() int {
			libs, _ := filepath.Glob(filepath.Join(os.Getenv("BAYES_FAKE_CUDA_DIR"), "kernel*.so"))
			return len(libs)
		}
		before := compiles()
		s, err := OpenSession(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if n := compiles(); n != before {
			t.Errorf("opening a model compiled before ran NVRTC %d more times, want none (the cache)", n-before)
		}
		if images, _ := os.ReadDir(os.Getenv(cacheDirEnv)); len(images) == 0 {
			t.Errorf("the compile cache %s is empty", os.Getenv(cacheDirEnv))
		}
	})

	t.Run("leak counted", func(t *testing.T) {
		// checkNoLeaks can fail: memory left at cuCtxDestroy is counted.
		c, err := d.NewContext(0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Alloc(4); err != nil {
			t.Fatal(err)
		}
		before := fakeCounter(t, "leaked")
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if n := fakeCounter(t, "leaked"); n != before+1 {
			t.Errorf("a context closed with one allocation live: %d leaks counted, want %d", n, before+1)
		}
	})
}

// hostRun runs src's chains in the plain-C build (cnuts.BuildHost): the
// same C as the kernels, so the same draws bit for bit. In cnuts.RegimeData it
// runs cnuts.GroupThreads POSIX threads per chain, as the device does, so
// that the shared gradient's sums (red, one term per thread) add in the
// same order. It skips without a C compiler.
func hostRun(t *testing.T, src *cnuts.ChainSource, nchains int, cfg cnuts.ChainConfig) *cnuts.ChainResult {
	t.Helper()
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler for the plain-C build: cc is not on PATH (%v)", err)
	}
	host := *src
	if src.Regime == cnuts.RegimeData {
		host.Code = append(fmt.Appendf(nil, "#define BAYES_NUTS_HOST_THREADS %d\n", cnuts.GroupThreads), src.Code...)
	}
	hc, err := cnuts.BuildHost(&host)
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	r, err := hc.Run(nchains, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sameRun requires two runs to be equal bit for bit, and not trivially so.
func sameRun(t *testing.T, got, want *cnuts.ChainResult) {
	t.Helper()
	for _, c := range []struct {
		name string
		x, y []float64
	}{{"draws", got.Draws, want.Draws}, {"stats", got.Stats, want.Stats},
		{"step sizes", got.Stepsize, want.Stepsize}, {"inverse metrics", got.InvMetric, want.InvMetric}} {
		if len(c.x) != len(c.y) || len(c.x) == 0 {
			t.Fatalf("%s: %d values on the device, %d in plain C", c.name, len(c.x), len(c.y))
		}
		for i := range c.x {
			if math.Float64bits(c.x[i]) != math.Float64bits(c.y[i]) {
				t.Fatalf("%s[%d]: %.17g on the device, %.17g in plain C", c.name, i, c.x[i], c.y[i])
			}
		}
	}
	if got.Gradients != want.Gradients {
		t.Errorf("gradients: %d on the device, %d in plain C", got.Gradients, want.Gradients)
	}
	if a, b := got.Draw(0, 0)[0], got.Draw(got.Chains-1, got.Samples-1)[0]; a == b || math.IsNaN(a) {
		t.Errorf("first and last draws %g and %g: the run did not move", a, b)
	}
}

// streamBlocks streams the run of whole through small blocks (MaxBlock),
// so that the device's row buffers are reused and regrown and each block
// copied back, and requires the same rows in order.
func streamBlocks(t *testing.T, s *Session, nchains int, cfg cnuts.ChainConfig, whole *cnuts.ChainResult) {
	t.Helper()
	for _, maxBlock := range []int{3, 40} {
		cfg.MaxBlock = maxBlock
		next := 0
		err := s.Stream(context.Background(), nchains, cfg, func(b *cnuts.Block) error {
			if b.First != next {
				return fmt.Errorf("block to iteration %d starts at row %d, want %d", b.Iterations, b.First, next)
			}
			for c := range nchains {
				for r := range b.Rows {
					for k, v := range b.Draw(c, r) {
						if w := whole.Draw(c, b.First+r)[k]; math.Float64bits(v) != math.Float64bits(w) {
							return fmt.Errorf("chain %d row %d value %d: %.17g streamed, %.17g in one run", c, b.First+r, k, v, w)
						}
					}
				}
			}
			next += b.Rows
			return nil
		})
		if err != nil || next != cfg.Samples {
			t.Errorf("Stream with MaxBlock %d: %v after %d rows, want nil after %d", maxBlock, err, next, cfg.Samples)
		}
	}
}
