package cuda

import (
	"fmt"
	"runtime"
	"unsafe"
)

// A CUDA context is current on one OS thread at a time (CUDA Driver API,
// "Context Management"), and goroutines move between threads, so every
// call below locks its goroutine to the thread and makes the context
// current first (cuCtxSetCurrent), whatever thread it lands on.

// Context is a CUDA context on one device.
type Context struct {
	d *Driver
	h uintptr
}

// Module is a loaded PTX module.
type Module struct {
	c *Context
	h uintptr
}

// Function is a kernel of a module.
type Function struct{ h uintptr }

// DevicePtr is an address in device memory (CUdeviceptr).
type DevicePtr uint64

// NewContext creates a context on device ordinal dev.
func (d *Driver) NewContext(dev int) (*Context, error) {
	if d.execErr != nil {
		return nil, d.execErr
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var h int32
	if err := d.check("cuDeviceGet", d.cuDeviceGet(&h, int32(dev))); err != nil {
		return nil, err
	}
	c := &Context{d: d}
	// Blocking sync: cuCtxSynchronize sleeps while a block of chains runs
	// (half a second or more) instead of spinning a CPU core.
	const schedBlockingSync = 0x04 // CU_CTX_SCHED_BLOCKING_SYNC
	if err := d.check("cuCtxCreate_v2", d.cuCtxCreate(&c.h, schedBlockingSync, h)); err != nil {
		return nil, err
	}
	return c, nil
}

// do runs call with c current on this goroutine's thread.
func (c *Context) do(name string, call func() cuResult) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := c.d.check("cuCtxSetCurrent", c.d.cuCtxSetCurrent(c.h)); err != nil {
		return err
	}
	return c.d.check(name, call())
}

// Close destroys the context and everything allocated in it.
func (c *Context) Close() error {
	if c.h == 0 {
		return nil
	}
	err := c.d.check("cuCtxDestroy_v2", c.d.cuCtxDestroy(c.h))
	c.h = 0
	return err
}

// LoadModule loads an image from CompileCUDA: PTX (NUL-terminated) or a
// CUBIN.
func (c *Context) LoadModule(ptx []byte) (*Module, error) {
	if len(ptx) == 0 || ptx[len(ptx)-1] != 0 {
		ptx = append(ptx[:len(ptx):len(ptx)], 0)
	}
	m := &Module{c: c}
	err := c.do("cuModuleLoadData", func() cuResult { return c.d.cuModuleLoadData(&m.h, &ptx[0]) })
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Unload unloads the module.
func (m *Module) Unload() error {
	return m.c.do("cuModuleUnload", func() cuResult { return m.c.d.cuModuleUnload(m.h) })
}

// Function looks up the kernel name (an extern "C" __global__ function).
func (m *Module) Function(name string) (Function, error) {
	var f Function
	err := m.c.do("cuModuleGetFunction "+name, func() cuResult { return m.c.d.cuModuleGetFunction(&f.h, m.h, name) })
	return f, err
}

// Global is the device address and size in bytes of the module's global
// variable name (a __device__ variable, e.g. the emitted C's table of
// pointer-bound data, bayes_extern_data).
func (m *Module) Global(name string) (DevicePtr, uint64, error) {
	var p, n uint64
	err := m.c.do("cuModuleGetGlobal_v2 "+name, func() cuResult { return m.c.d.cuModuleGetGlobal(&p, &n, m.h, name) })
	return DevicePtr(p), n, err
}

// Alloc allocates n float64 values of device memory.
func (c *Context) Alloc(n int) (DevicePtr, error) {
	if n <= 0 {
		return 0, fmt.Errorf("cuda: allocation of %d values", n)
	}
	var p uint64
	err := c.do("cuMemAlloc_v2", func() cuResult { return c.d.cuMemAlloc(&p, uint64(n)*8) })
	return DevicePtr(p), err
}

// Free frees memory from Alloc.
func (c *Context) Free(p DevicePtr) error {
	return c.do("cuMemFree_v2", func() cuResult { return c.d.cuMemFree(uint64(p)) })
}

// CopyToDevice copies src into device memory at dst (synchronous).
func (c *Context) CopyToDevice(dst DevicePtr, src []float64) error {
	if len(src) == 0 {
		return nil
	}
	return c.do("cuMemcpyHtoD_v2", func() cuResult {
		return c.d.cuMemcpyHtoD(uint64(dst), unsafe.Pointer(&src[0]), uint64(len(src))*8)
	})
}

// CopyBytesToDevice copies src into device memory at dst (synchronous).
func (c *Context) CopyBytesToDevice(dst DevicePtr, src []byte) error {
	if len(src) == 0 {
		return nil
	}
	return c.do("cuMemcpyHtoD_v2", func() cuResult {
		return c.d.cuMemcpyHtoD(uint64(dst), unsafe.Pointer(&src[0]), uint64(len(src)))
	})
}

// CopyPointersToDevice copies device addresses into device memory at dst,
// as a table of pointers (8 bytes each) that a kernel reads.
func (c *Context) CopyPointersToDevice(dst DevicePtr, src []DevicePtr) error {
	if len(src) == 0 {
		return nil
	}
	return c.do("cuMemcpyHtoD_v2", func() cuResult {
		return c.d.cuMemcpyHtoD(uint64(dst), unsafe.Pointer(&src[0]), uint64(len(src))*8)
	})
}

// CopyFromDevice copies len(dst) values from device memory at src (synchronous).
func (c *Context) CopyFromDevice(dst []float64, src DevicePtr) error {
	if len(dst) == 0 {
		return nil
	}
	return c.do("cuMemcpyDtoH_v2", func() cuResult {
		return c.d.cuMemcpyDtoH(unsafe.Pointer(&dst[0]), uint64(src), uint64(len(dst))*8)
	})
}

// Launch runs f on a grid of blocks on the default stream. Each of args
// points to one kernel parameter's value, in order (cuLaunchKernel's
// kernelParams: the driver copies each from the pointer, sizes taken from
// the kernel's image), e.g. for kernel(double *x, int n):
// Launch(f, grid, block, unsafe.Pointer(&ptr), unsafe.Pointer(&n)).
// The launch is asynchronous: Synchronize waits for it.
func (c *Context) Launch(f Function, grid, block [3]uint32, args ...unsafe.Pointer) error {
	var pin runtime.Pinner
	defer pin.Unpin()
	var params *unsafe.Pointer
	if len(args) > 0 {
		ps := make([]unsafe.Pointer, len(args))
		for i, a := range args {
			pin.Pin(a)
			ps[i] = a
		}
		pin.Pin(&ps[0])
		params = &ps[0]
	}
	return c.do("cuLaunchKernel", func() cuResult {
		return c.d.cuLaunchKernel(f.h, grid[0], grid[1], grid[2], block[0], block[1], block[2], 0, 0, params, 0)
	})
}

// Synchronize waits for every launch and copy of the context.
func (c *Context) Synchronize() error {
	return c.do("cuCtxSynchronize", func() cuResult { return c.d.cuCtxSynchronize() })
}
