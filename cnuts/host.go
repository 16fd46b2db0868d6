package cnuts

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/ebitengine/purego"
)

// HostChains is a ChainSource compiled by the system C compiler and
// loaded with purego: the C that NVRTC compiles for the GPU, run on the
// CPU one chain after another (in the data regime each on a group of POSIX
// threads), for `bayes sample --device c`, the tests, and checking the
// emitted source on a machine without a GPU. It is not safe for concurrent
// use (the model's data table is global to the library).
type HostChains struct {
	src     *ChainSource
	dir     string
	h       uintptr
	states  uintptr // bayes_chains_alloc's, between begin and end
	nchains int

	cAlloc   func(nchains int32) uintptr
	cFree    func(states uintptr)
	cBegin   func(states uintptr, cfg *CConfig, nchains int32, from *float64)
	cAdvance func(states uintptr, cfg *CConfig, nchains, itEnd, row0 int32, draws, stats, info *float64, status *int32)
	bindData func(k int32, x *byte)
}

// BuildHost compiles src with cc -O2 into a shared library under a new
// temporary folder and loads it.
func BuildHost(src *ChainSource) (*HostChains, error) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		return nil, fmt.Errorf("cnuts: no C compiler: %w", err)
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
	// -ffp-contract=off: no fused multiply-adds, as the device compiles
	// with --fmad=false and the Go kernel rounds each operation.
	args := []string{"-O2", "-ffp-contract=off", "-shared", "-fPIC", "-o", so, c, "-lm"}
	if src.Regime == RegimeData {
		args = append(args, "-pthread")
	}
	if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cnuts: cc: %w\n%s", err, out)
	}
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cnuts: dlopen %s: %w", so, err)
	}
	hc := &HostChains{src: src, dir: dir, h: h}
	for _, s := range []struct {
		fn   any
		name string
	}{{&hc.cAlloc, "bayes_chains_alloc"}, {&hc.cFree, "bayes_chains_free"}, {&hc.cBegin, "bayes_chains_begin"},
		{&hc.cAdvance, "bayes_chains_advance"}, {&hc.bindData, "bayes_bind_data"}} {
		if _, err := purego.Dlsym(h, s.name); err != nil {
			hc.Close()
			return nil, fmt.Errorf("cnuts: %s: %w", s.name, err)
		}
		purego.RegisterLibFunc(s.fn, h, s.name)
	}
	for k, x := range src.Extern {
		hc.bindData(int32(k), &x[0])
	}
	return hc, nil
}

// Close unloads the library and removes its folder. A HostChains closed
// runs no more chains (Begin says so), and closing it again does nothing.
func (hc *HostChains) Close() error {
	if hc.h == 0 {
		return nil
	}
	err := purego.Dlclose(hc.h)
	hc.h = 0
	if rerr := os.RemoveAll(hc.dir); err == nil {
		err = rerr
	}
	return err
}

// Run runs chains 0 .. nchains-1 of cfg and returns their draws, or the
// failure of the lowest-numbered failed chain.
func (hc *HostChains) Run(nchains int, cfg ChainConfig) (*ChainResult, error) {
	return Collect(hc, nchains, cfg)
}

// Stream runs chains 0 .. nchains-1 of cfg block by block, calling emit
// after each block; see Block.
func (hc *HostChains) Stream(ctx context.Context, nchains int, cfg ChainConfig, emit func(*Block) error) error {
	return Stream(ctx, hc, nchains, cfg, emit)
}

// Source, Begin, Advance and End make HostChains a Backend.
func (hc *HostChains) Source() *ChainSource { return hc.src }

func (hc *HostChains) Begin(nchains int, cfg *CConfig, from []float64) error {
	if hc.h == 0 {
		// its functions were in the library Close unloaded: calling
		// them would crash the process
		return errors.New("cnuts: the host chains are closed")
	}
	hc.states, hc.nchains = hc.cAlloc(int32(nchains)), nchains
	if hc.states == 0 {
		return errors.New("cnuts: bayes_chains_alloc could not allocate the chains' states")
	}
	var p *float64 // NULL: no chain starts from a given adaptation or point
	if len(from) > 0 {
		p = &from[0]
	}
	hc.cBegin(hc.states, cfg, int32(nchains), p)
	return nil
}

func (hc *HostChains) Advance(cfg *CConfig, itEnd int, out Output) error {
	var dummy [1]float64
	draws, stats := ptrOr(out.Draws, &dummy[0]), ptrOr(out.Stats, &dummy[0])
	hc.cAdvance(hc.states, cfg, int32(hc.nchains), int32(itEnd), int32(out.First), draws, stats, &out.Info[0], &out.Status[0])
	return nil
}

func (hc *HostChains) End() error {
	if hc.states == 0 { // Begin did not allocate them
		return nil
	}
	hc.cFree(hc.states)
	hc.states = 0
	return nil
}

// ptrOr is &x[0], or dummy for an empty x (a warmup block has no rows).
func ptrOr(x []float64, dummy *float64) *float64 {
	if len(x) == 0 {
		return dummy
	}
	return &x[0]
}
