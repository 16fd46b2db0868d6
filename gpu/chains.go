package gpu

import (
	_ "embed" // the per-chain NUTS
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"unsafe"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/ebitengine/purego"
)

// Regime 1 of the CUDA backend: one GPU thread per chain runs whole NUTS
// transitions, warmup included, with no host round trip per leapfrog step.
// The sampler is C (nuts_device.h), appended to the model's emitted C
// (compiler.EmitC), so the same source is a CUDA kernel under NVRTC
// (bayes_nuts_kernel) and a plain C library here (bayes_run_chains),
// through which the tests check it on the CPU against the reference
// posteriors and the Go sampler.

// NUTSDevice is the C source of the per-chain NUTS (nuts_device.h).
//
//go:embed nuts_device.h
var NUTSDevice string

// DefaultMaxDepth is the largest max_depth a ChainSource accepts unless
// told otherwise: Stan's default tree depth. Every tree level costs each
// chain's state about 10 vectors of Dim doubles.
const DefaultMaxDepth = 10

// ChainSource is a model's C with the per-chain NUTS appended: one
// translation unit for cc or NVRTC.
type ChainSource struct {
	Code       []byte
	Dim        int // length of the unconstrained q
	NumOutputs int // constrained values per draw
	MaxDepth   int // largest ChainConfig.MaxTreeDepth it runs
	// Extern lists the model's data arrays passed by pointer
	// (compiler.CSource.Extern): bind_data's, or the device table's.
	Extern [][]float64
}

// NewChainSource emits m's log density, gradient and constrain map and
// appends the NUTS of nuts_device.h, sized for m and maxDepth (0 means
// DefaultMaxDepth).
func NewChainSource(m *compiler.Model, maxDepth int) (*ChainSource, error) {
	if maxDepth == 0 {
		maxDepth = DefaultMaxDepth
	}
	if maxDepth < 1 || maxDepth > 30 {
		return nil, fmt.Errorf("gpu: max tree depth %d: must be between 1 and 30", maxDepth)
	}
	if m.Dim() == 0 {
		return nil, errors.New("gpu: the model has no parameters: there is nothing for NUTS to sample")
	}
	src, err := m.EmitC(compiler.COptions{})
	if err != nil {
		return nil, err
	}
	code := append([]byte(nil), src.Code...)
	code = fmt.Appendf(code, "\n#define BAYES_NUTS_DIM %d\n#define BAYES_NUTS_NOUT %d\n#define BAYES_NUTS_WS %d\n#define BAYES_NUTS_MAX_DEPTH %d\n\n",
		m.Dim(), max(src.NumOutputs, 1), max(src.Workspace, 1), maxDepth)
	code = append(code, NUTSDevice...)
	return &ChainSource{Code: code, Dim: m.Dim(), NumOutputs: src.NumOutputs, MaxDepth: maxDepth, Extern: src.Extern}, nil
}

// ChainConfig is a device run's settings, with the Go sampler's meaning and
// defaults (sampler.Config). Draws are not thinned and warmup draws are not
// kept; the metric is diagonal.
//
// Chain c draws its random numbers from Philox4x32-10 keyed by Seed, not
// from the Go sampler's PCG(Seed, c): the same seed gives draws here that
// are statistically equivalent to sampler.Run's, never bit-identical.
type ChainConfig struct {
	Seed         uint64
	ChainOffset  int // chain c draws from Philox stream ChainOffset + c
	Warmup       int
	Samples      int
	MaxTreeDepth int
	AdaptDelta   float64
	Stepsize     float64
	InitRadius   float64
}

// DefaultChainConfig returns CmdStan's defaults, as sampler.DefaultConfig.
func DefaultChainConfig() ChainConfig {
	return ChainConfig{Warmup: 1000, Samples: 1000, MaxTreeDepth: 10, AdaptDelta: 0.8, Stepsize: 1, InitRadius: 2}
}

// cConfig is bayes_nuts_config, field for field: 8 + 4*4 + 3*8 bytes.
type cConfig struct {
	seed                                         uint64
	chainOffset, numWarmup, numSamples, maxDepth int32
	adaptDelta, stepsize, initRadius             float64
}

func (c *ChainConfig) check(maxDepth int) error {
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("gpu: %s = %v: %s", name, v, want)
	}
	switch {
	case c.Warmup < 0 || c.Warmup > 1<<30:
		return bad("Warmup", c.Warmup, "must be between 0 and 2^30")
	case c.Samples < 0 || c.Samples > 1<<30:
		return bad("Samples", c.Samples, "must be between 0 and 2^30")
	case c.ChainOffset < 0 || c.ChainOffset > 1<<30:
		return bad("ChainOffset", c.ChainOffset, "must be between 0 and 2^30")
	case c.MaxTreeDepth < 1 || c.MaxTreeDepth > maxDepth:
		return bad("MaxTreeDepth", c.MaxTreeDepth, fmt.Sprintf("this source runs 1 to %d (NewChainSource's maxDepth)", maxDepth))
	case !(c.AdaptDelta > 0 && c.AdaptDelta < 1):
		return bad("AdaptDelta", c.AdaptDelta, "must lie strictly between 0 and 1")
	case !(c.Stepsize > 0 && c.Stepsize < 1e300):
		return bad("Stepsize", c.Stepsize, "must be positive and finite")
	case !(c.InitRadius >= 0 && c.InitRadius < 1e300):
		return bad("InitRadius", c.InitRadius, "must be non-negative and finite")
	}
	return nil
}

func (c *ChainConfig) toC() cConfig {
	return cConfig{seed: c.Seed, chainOffset: int32(c.ChainOffset), numWarmup: int32(c.Warmup), numSamples: int32(c.Samples),
		maxDepth: int32(c.MaxTreeDepth), adaptDelta: c.AdaptDelta, stepsize: c.Stepsize, initRadius: c.InitRadius}
}

// Columns of ChainResult.Stats, in Stan's CSV order (BAYES_NUTS_NSTATS).
const (
	StatLP = iota
	StatAcceptStat
	StatStepsize
	StatTreedepth
	StatNLeapfrog
	StatDivergent
	StatEnergy
	NumStats
)

// ChainResult is what a run of chains wrote, chain-major.
type ChainResult struct {
	offset                           int // ChainOffset of the run, for messages
	Chains, Samples, NumOutputs, Dim int
	Draws                            []float64 // [chain][sample][output]
	Stats                            []float64 // [chain][sample][Stat*]
	Stepsize                         []float64 // [chain]: adapted step size
	InvMetric                        []float64 // [chain][Dim]: adapted diagonal inverse metric
}

// Draw is the constrained draw of sample i of chain c (aliases Draws).
func (r *ChainResult) Draw(c, i int) []float64 {
	off := (c*r.Samples + i) * r.NumOutputs
	return r.Draws[off : off+r.NumOutputs]
}

// Stat is the statistics row of sample i of chain c (aliases Stats).
func (r *ChainResult) Stat(c, i int) []float64 {
	off := (c*r.Samples + i) * NumStats
	return r.Stats[off : off+NumStats]
}

// chainErrors says what each BAYES_NUTS_ERR_* status of nuts_device.h
// means, in the Go sampler's words.
var chainErrors = [...]string{
	1: "max tree depth outside what the source was built for",
	2: "initialization failed after 100 attempts drawing uniform values on the unconstrained space: " +
		"the log density or its gradient was never finite",
	3: "the initial step-size search grew the step size past 1e7: the posterior is improper, please check the model",
	4: "no acceptably small step size could be found: perhaps the posterior is not continuous",
	5: "numerical overflow in metric adaptation: the sampler met extreme values on the unconstrained space",
}

// chainError numbers chains as the CPU sampler's messages do: 1-based,
// after the run's chain offset.
func chainError(chain, status int) error {
	msg := "unknown status"
	if status > 0 && status < len(chainErrors) {
		msg = chainErrors[status]
	}
	return fmt.Errorf("gpu: chain %d: %s (status %d)", chain+1, msg, status)
}

// HostChains is a ChainSource compiled by the system C compiler and
// loaded with purego: the CPU path of the device sampler, for tests and
// for machines without a GPU. It is not safe for concurrent use (the
// model's data table is global to the library).
type HostChains struct {
	src      *ChainSource
	dir      string
	h        uintptr
	run      func(nchains int32, cfg *cConfig, draws, stats, adapt *float64, status *int32) int32
	bindData func(k int32, x *float64)
}

// BuildHost compiles src with cc -O2 into a shared library under a new
// temporary folder and loads it.
func BuildHost(src *ChainSource) (*HostChains, error) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		return nil, fmt.Errorf("gpu: no C compiler: %w", err)
	}
	dir, err := os.MkdirTemp("", "bayes-chains-")
	if err != nil {
		return nil, err
	}
	c, so := filepath.Join(dir, "chains.c"), filepath.Join(dir, "chains.so")
	if err := os.WriteFile(c, src.Code, 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if out, err := exec.Command(cc, "-O2", "-shared", "-fPIC", "-o", so, c, "-lm").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("gpu: cc: %w\n%s", err, out)
	}
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("gpu: dlopen %s: %w", so, err)
	}
	hc := &HostChains{src: src, dir: dir, h: h}
	for _, s := range []struct {
		fn   any
		name string
	}{{&hc.run, "bayes_run_chains"}, {&hc.bindData, "bayes_bind_data"}} {
		if _, err := purego.Dlsym(h, s.name); err != nil {
			hc.Close()
			return nil, fmt.Errorf("gpu: %s: %w", s.name, err)
		}
		purego.RegisterLibFunc(s.fn, h, s.name)
	}
	for k, x := range src.Extern {
		hc.bindData(int32(k), &x[0])
	}
	return hc, nil
}

// Close unloads the library and removes its folder.
func (hc *HostChains) Close() error {
	err := purego.Dlclose(hc.h)
	if rerr := os.RemoveAll(hc.dir); err == nil {
		err = rerr
	}
	return err
}

// Run runs chains 0 .. nchains-1 of cfg, one after another, and returns
// their draws, or the failure of the lowest-numbered failed chain.
func (hc *HostChains) Run(nchains int, cfg ChainConfig) (*ChainResult, error) {
	if nchains < 1 {
		return nil, fmt.Errorf("gpu: %d chains: need at least 1", nchains)
	}
	if err := cfg.check(hc.src.MaxDepth); err != nil {
		return nil, err
	}
	src := hc.src
	nout := max(src.NumOutputs, 1)
	r := &ChainResult{Chains: nchains, Samples: cfg.Samples, NumOutputs: src.NumOutputs, Dim: src.Dim, offset: cfg.ChainOffset}
	draws := make([]float64, max(nchains*cfg.Samples*nout, 1))
	r.Stats = make([]float64, max(nchains*cfg.Samples*NumStats, 1))
	adapt := make([]float64, nchains*(1+src.Dim))
	status := make([]int32, nchains)
	c := cfg.toC()
	if hc.run(int32(nchains), &c, &draws[0], &r.Stats[0], &adapt[0], &status[0]) != 0 {
		return nil, errors.New("gpu: bayes_run_chains could not allocate a chain's state")
	}
	runtime.KeepAlive(src)
	return r.unpack(draws, adapt, status)
}

// unpack checks the chains' statuses and fills in r from the raw outputs
// of bayes_run_chains or bayes_nuts_kernel (r.Stats already in place).
func (r *ChainResult) unpack(draws, adapt []float64, status []int32) (*ChainResult, error) {
	for ch, s := range status {
		if s != 0 {
			return nil, chainError(r.offset+ch, int(s))
		}
	}
	d := r.Dim
	r.Draws = draws[:r.Chains*r.Samples*r.NumOutputs]
	r.Stats = r.Stats[:r.Chains*r.Samples*NumStats]
	r.Stepsize = make([]float64, r.Chains)
	r.InvMetric = make([]float64, r.Chains*d)
	for ch := range r.Chains {
		a := adapt[ch*(1+d):]
		r.Stepsize[ch] = a[0]
		copy(r.InvMetric[ch*d:], a[1:1+d])
	}
	return r, nil
}

// DeviceChains is a ChainSource compiled by NVRTC and loaded in a CUDA
// context: bayes_nuts_kernel, one thread per chain.
//
// It has never run on a GPU yet: the machine it was written on has none,
// and TestNUTSKernelOnDevice skips there.
type DeviceChains struct {
	c          *Context
	src        *ChainSource
	mod        *Module
	kernel     Function
	stateBytes int
	extern     []DevicePtr // device copies of src.Extern
}

// chainsPerBlock is the block size of bayes_nuts_kernel: each thread's
// chain runs at its own pace, so a warp's threads diverge and small
// blocks keep idle lanes few.
const chainsPerBlock = 32

// LoadDevice compiles src for the context's device architecture arch
// (Device.Arch) and loads it, copying the model's pointer-bound data to
// the device and its addresses into the module's table. Not yet run on a
// GPU: TestNUTSKernelOnDevice is its check where one exists.
func LoadDevice(d *Driver, c *Context, src *ChainSource, arch string) (*DeviceChains, error) {
	ptx, log, err := d.CompileCUDA(string(src.Code), arch)
	if err != nil {
		return nil, fmt.Errorf("gpu: NVRTC: %w\n%s", err, log)
	}
	mod, err := c.LoadModule(ptx)
	if err != nil {
		return nil, err
	}
	dc := &DeviceChains{c: c, src: src, mod: mod}
	fail := func(err error) (*DeviceChains, error) {
		dc.Close()
		return nil, err
	}
	if dc.kernel, err = mod.Function("bayes_nuts_kernel"); err != nil {
		return fail(err)
	}
	if len(src.Extern) > 0 {
		table, _, err := mod.Global("bayes_extern_data")
		if err != nil {
			return fail(err)
		}
		for _, x := range src.Extern {
			p, err := c.Alloc(len(x))
			if err != nil {
				return fail(err)
			}
			dc.extern = append(dc.extern, p)
			if err := c.CopyToDevice(p, x); err != nil {
				return fail(err)
			}
		}
		if err := c.CopyPointersToDevice(table, dc.extern); err != nil {
			return fail(err)
		}
	}
	// The state's size as the device lays it out.
	size, err := mod.Function("bayes_nuts_state_bytes")
	if err != nil {
		return fail(err)
	}
	out, err := c.Alloc(1)
	if err != nil {
		return fail(err)
	}
	defer c.Free(out)
	if err := c.Launch(size, [3]uint32{1, 1, 1}, [3]uint32{1, 1, 1}, unsafe.Pointer(&out)); err != nil {
		return fail(err)
	}
	var n [1]float64
	if err := c.CopyFromDevice(n[:], out); err != nil {
		return fail(err)
	}
	dc.stateBytes = int(math.Float64bits(n[0]))
	return dc, nil
}

// Close frees the data copies and unloads the module.
func (dc *DeviceChains) Close() error {
	var first error
	for _, p := range dc.extern {
		if err := dc.c.Free(p); err != nil && first == nil {
			first = err
		}
	}
	if err := dc.mod.Unload(); err != nil && first == nil {
		first = err
	}
	return first
}

// Run runs chains 0 .. nchains-1 of cfg, one GPU thread each, and returns
// their draws as HostChains.Run does.
func (dc *DeviceChains) Run(nchains int, cfg ChainConfig) (*ChainResult, error) {
	if nchains < 1 {
		return nil, fmt.Errorf("gpu: %d chains: need at least 1", nchains)
	}
	if err := cfg.check(dc.src.MaxDepth); err != nil {
		return nil, err
	}
	src, c := dc.src, dc.c
	nout := max(src.NumOutputs, 1)
	r := &ChainResult{Chains: nchains, Samples: cfg.Samples, NumOutputs: src.NumOutputs, Dim: src.Dim, offset: cfg.ChainOffset}
	draws := make([]float64, max(nchains*cfg.Samples*nout, 1))
	r.Stats = make([]float64, max(nchains*cfg.Samples*NumStats, 1))
	adapt := make([]float64, nchains*(1+src.Dim))
	statusBuf := make([]float64, (nchains+1)/2) // int32s, two to a double

	var ptrs []DevicePtr
	defer func() {
		for _, p := range ptrs {
			c.Free(p)
		}
	}()
	alloc := func(n int) (DevicePtr, error) {
		p, err := c.Alloc(n)
		if err == nil {
			ptrs = append(ptrs, p)
		}
		return p, err
	}
	var dev [5]DevicePtr
	for i, n := range []int{nchains * ((dc.stateBytes + 7) / 8), len(draws), len(r.Stats), len(adapt), len(statusBuf)} {
		p, err := alloc(n)
		if err != nil {
			return nil, err
		}
		dev[i] = p
	}
	cc, n := cfg.toC(), int32(nchains)
	grid := uint32((nchains + chainsPerBlock - 1) / chainsPerBlock)
	err := c.Launch(dc.kernel, [3]uint32{grid, 1, 1}, [3]uint32{chainsPerBlock, 1, 1},
		unsafe.Pointer(&dev[0]), unsafe.Pointer(&cc), unsafe.Pointer(&n),
		unsafe.Pointer(&dev[1]), unsafe.Pointer(&dev[2]), unsafe.Pointer(&dev[3]), unsafe.Pointer(&dev[4]))
	if err == nil {
		err = c.Synchronize()
	}
	for i, dst := range [][]float64{draws, r.Stats, adapt, statusBuf} {
		if err == nil {
			err = c.CopyFromDevice(dst, dev[i+1])
		}
	}
	if err != nil {
		return nil, err
	}
	status := unsafe.Slice((*int32)(unsafe.Pointer(&statusBuf[0])), nchains)
	return r.unpack(draws, adapt, status)
}
