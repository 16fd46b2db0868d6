package cuda

import (
	"context"
	"fmt"
	"math"
	"unsafe"

	"github.com/bayes-dev/bayes/cnuts"
)

// Chains is a cnuts.ChainSource compiled by NVRTC and loaded in a CUDA
// context: bayes_nuts_begin_kernel and bayes_nuts_advance_kernel, one
// thread per chain (the chains regime) or one thread block per chain (the
// data regime). The states stay in device memory between blocks; each
// block's rows come back in one copy.
//
// The machines this was written on had no GPU: TestNUTSKernelOnDevice and
// the `make test-gpu` runs are its checks where one exists.
type Chains struct {
	c                    *Context
	src                  *cnuts.ChainSource
	mod                  *Module
	beginFn, advanceFn   Function
	stateBytes           int
	extern               []DevicePtr // device copies of src.Extern
	nchains              int
	states, info, status DevicePtr
	ws, red              DevicePtr // the data regime's: each chain's shared workspace, its threads' reduction scratch
	draws, stats         DevicePtr // a block's rows
	rowCapacity          int       // rows of every chain that draws and stats hold
	statusBuf            []float64 // the int32 statuses, two to a double
}

// chainsPerBlock is the thread-block size of the chains regime: each
// thread's chain runs at its own pace, so a warp's threads diverge and
// small blocks keep idle lanes few.
const chainsPerBlock = 32

// LoadChains compiles src for the context's device architecture arch
// (Device.Arch), or reads the image compiled before from the cache
// (compileCache), and loads it, copying the model's pointer-bound data to
// the device and its addresses into the module's table.
func LoadChains(d *Driver, c *Context, src *cnuts.ChainSource, arch string) (*Chains, error) {
	cache := defaultCompileCache()
	image, cached, log, err := d.compileCached(cache, string(src.Code), arch, false)
	if err != nil {
		return nil, fmt.Errorf("cuda: NVRTC: %w\n%s", err, log)
	}
	mod, err := c.LoadModule(image)
	if err != nil && cached {
		// A cached image the driver refuses (a driver downgrade, a damaged
		// file) is compiled afresh, and replaced.
		if image, _, log, err = d.compileCached(cache, string(src.Code), arch, true); err != nil {
			return nil, fmt.Errorf("cuda: NVRTC: %w\n%s", err, log)
		}
		mod, err = c.LoadModule(image)
	}
	if err != nil {
		if major, minor, verr := d.NVRTCVersion(); verr == nil {
			err = fmt.Errorf("%w (NVRTC %d.%d, driver for CUDA %s: code from an NVRTC newer than the driver does not load)",
				err, major, minor, VersionString(d.DriverVersion()))
		}
		return nil, err
	}
	dc := &Chains{c: c, src: src, mod: mod}
	fail := func(err error) (*Chains, error) {
		dc.Close()
		return nil, err
	}
	for _, f := range []struct {
		fn   *Function
		name string
	}{{&dc.beginFn, "bayes_nuts_begin_kernel"}, {&dc.advanceFn, "bayes_nuts_advance_kernel"}} {
		if *f.fn, err = mod.Function(f.name); err != nil {
			return fail(err)
		}
	}
	if dc.extern, err = bindDeviceData(c, mod, src.Extern); err != nil {
		return fail(err)
	}
	if dc.stateBytes, err = deviceStateBytes(c, mod); err != nil {
		return fail(err)
	}
	return dc, nil
}

// bindDeviceData copies the model's pointer-bound data arrays to the
// device and their addresses into the module's bayes_extern_data table.
func bindDeviceData(c *Context, mod *Module, extern [][]byte) ([]DevicePtr, error) {
	if len(extern) == 0 {
		return nil, nil
	}
	table, size, err := mod.Global("bayes_extern_data")
	if err != nil {
		return nil, err
	}
	if size != uint64(8*len(extern)) {
		return nil, fmt.Errorf("cuda: bayes_extern_data holds %d bytes, want 8 for each of %d arrays", size, len(extern))
	}
	var ptrs []DevicePtr
	for _, x := range extern {
		p, err := c.Alloc((len(x) + 7) / 8)
		if err == nil {
			ptrs = append(ptrs, p)
			err = c.CopyBytesToDevice(p, x)
		}
		if err != nil {
			freeAll(c, ptrs)
			return nil, err
		}
	}
	if err := c.CopyPointersToDevice(table, ptrs); err != nil {
		freeAll(c, ptrs)
		return nil, err
	}
	return ptrs, nil
}

// deviceStateBytes asks the device for sizeof(bayes_nuts_state) as it lays
// the struct out: the bytes to allocate per chain.
func deviceStateBytes(c *Context, mod *Module) (int, error) {
	size, err := mod.Function("bayes_nuts_state_bytes")
	if err != nil {
		return 0, err
	}
	out, err := c.Alloc(1)
	if err != nil {
		return 0, err
	}
	defer c.Free(out)
	if err := c.Launch(size, [3]uint32{1, 1, 1}, [3]uint32{1, 1, 1}, unsafe.Pointer(&out)); err != nil {
		return 0, err
	}
	var n [1]float64
	if err := c.CopyFromDevice(n[:], out); err != nil {
		return 0, err
	}
	return int(math.Float64bits(n[0])), nil
}

// freeAll frees device allocations, keeping the first error.
func freeAll(c *Context, ptrs []DevicePtr) error {
	var first error
	for _, p := range ptrs {
		if p == 0 {
			continue
		}
		if err := c.Free(p); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Close frees the data copies and unloads the module.
func (dc *Chains) Close() error {
	err := freeAll(dc.c, dc.extern)
	if uerr := dc.mod.Unload(); err == nil {
		err = uerr
	}
	return err
}

// Run runs chains 0 .. nchains-1 of cfg on the device and returns
// their draws as cnuts.HostChains.Run does.
func (dc *Chains) Run(nchains int, cfg cnuts.ChainConfig) (*cnuts.ChainResult, error) {
	return cnuts.Collect(dc, nchains, cfg)
}

// Stream runs chains 0 .. nchains-1 of cfg block by block, calling emit
// after each block; see Block.
func (dc *Chains) Stream(ctx context.Context, nchains int, cfg cnuts.ChainConfig, emit func(*cnuts.Block) error) error {
	return cnuts.Stream(ctx, dc, nchains, cfg, emit)
}

// Source, Begin, Advance and End make Chains a cnuts.Backend.
func (dc *Chains) Source() *cnuts.ChainSource { return dc.src }

// launchShape is the grid and block of the chain kernels.
func (dc *Chains) launchShape() (grid, block [3]uint32) {
	if dc.src.Regime == cnuts.RegimeData {
		return [3]uint32{uint32(dc.nchains), 1, 1}, [3]uint32{cnuts.GroupThreads, 1, 1}
	}
	return [3]uint32{uint32((dc.nchains + chainsPerBlock - 1) / chainsPerBlock), 1, 1}, [3]uint32{chainsPerBlock, 1, 1}
}

func (dc *Chains) Begin(nchains int, cfg *cnuts.CConfig, from []float64) error {
	dc.nchains = nchains
	dc.statusBuf = make([]float64, (nchains+1)/2)
	threads := 1 // states per chain
	if dc.src.Regime == cnuts.RegimeData {
		threads = cnuts.GroupThreads
	}
	type alloc struct {
		p *DevicePtr
		n int
	}
	allocs := []alloc{{&dc.states, nchains * threads * ((dc.stateBytes + 7) / 8)}, {&dc.info, nchains * dc.src.InfoLen()}, {&dc.status, len(dc.statusBuf)}}
	if dc.src.Regime == cnuts.RegimeData {
		allocs = append(allocs, alloc{&dc.ws, nchains * dc.src.Workspace}, alloc{&dc.red, nchains * cnuts.GroupThreads * dc.src.RedWidth})
	}
	var err error
	for _, a := range allocs {
		if *a.p, err = dc.c.Alloc(a.n); err != nil {
			return fmt.Errorf("cuda: %d chains need more device memory: %w", nchains, err)
		}
	}
	// from (BAYES_NUTS_FROM rows) is copied in for the begin kernel
	// alone; 0 passes the kernel NULL.
	var dfrom DevicePtr
	if len(from) > 0 {
		if dfrom, err = dc.c.Alloc(len(from)); err != nil {
			return fmt.Errorf("cuda: %d chains need more device memory: %w", nchains, err)
		}
		defer dc.c.Free(dfrom)
		if err := dc.c.CopyToDevice(dfrom, from); err != nil {
			return err
		}
	}
	n := int32(nchains)
	args := []unsafe.Pointer{unsafe.Pointer(&dc.states), unsafe.Pointer(cfg), unsafe.Pointer(&n)}
	if dc.src.Regime == cnuts.RegimeData {
		args = append(args, unsafe.Pointer(&dc.ws), unsafe.Pointer(&dc.red))
	}
	args = append(args, unsafe.Pointer(&dfrom))
	grid, block := dc.launchShape()
	if err := dc.c.Launch(dc.beginFn, grid, block, args...); err != nil {
		return err
	}
	return dc.c.Synchronize()
}

// reserveRows makes the device's row buffers hold rows rows of every chain.
func (dc *Chains) reserveRows(rows int) error {
	if rows <= dc.rowCapacity {
		return nil
	}
	if err := freeAll(dc.c, []DevicePtr{dc.draws, dc.stats}); err != nil {
		return err
	}
	dc.draws, dc.stats, dc.rowCapacity = 0, 0, 0
	var err error
	if dc.draws, err = dc.c.Alloc(rows * dc.nchains * max(dc.src.NumOutputs, 1)); err != nil {
		return err
	}
	if dc.stats, err = dc.c.Alloc(rows * dc.nchains * cnuts.NumStats); err != nil {
		return err
	}
	dc.rowCapacity = rows
	return nil
}

func (dc *Chains) Advance(cfg *cnuts.CConfig, itEnd int, out cnuts.Output) error {
	if err := dc.reserveRows(max(out.Rows, 1)); err != nil {
		return err
	}
	n, end, row0 := int32(dc.nchains), int32(itEnd), int32(out.First)
	grid, block := dc.launchShape()
	err := dc.c.Launch(dc.advanceFn, grid, block,
		unsafe.Pointer(&dc.states), unsafe.Pointer(cfg), unsafe.Pointer(&n), unsafe.Pointer(&end), unsafe.Pointer(&row0),
		unsafe.Pointer(&dc.draws), unsafe.Pointer(&dc.stats), unsafe.Pointer(&dc.info), unsafe.Pointer(&dc.status))
	if err == nil {
		err = dc.c.Synchronize()
	}
	rows := out.Rows * dc.nchains
	for _, cp := range []struct {
		dst []float64
		src DevicePtr
	}{{out.Draws[:rows*dc.src.NumOutputs], dc.draws}, {out.Stats[:rows*cnuts.NumStats], dc.stats}, {out.Info, dc.info}, {dc.statusBuf, dc.status}} {
		if err == nil {
			err = dc.c.CopyFromDevice(cp.dst, cp.src)
		}
	}
	copy(out.Status, unsafe.Slice((*int32)(unsafe.Pointer(&dc.statusBuf[0])), dc.nchains))
	return err
}

func (dc *Chains) End() error {
	err := freeAll(dc.c, []DevicePtr{dc.states, dc.info, dc.status, dc.draws, dc.stats, dc.ws, dc.red})
	dc.states, dc.info, dc.status, dc.draws, dc.stats, dc.ws, dc.red, dc.rowCapacity = 0, 0, 0, 0, 0, 0, 0, 0
	return err
}
