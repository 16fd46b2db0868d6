// Package cuda finds NVIDIA GPUs and drives them through the CUDA driver
// API and NVRTC, loaded at run time (purego's dlopen, no cgo: the bayes
// binary builds with CGO_ENABLED=0 and runs where no driver is installed).
//
// Input: C source that is also CUDA (device-neutral: BAYES_FN is
// __device__ under NVRTC), such as package emit writes
// (compiler.Model.EmitC) and package cnuts's ChainSource, a model's C with
// the NUTS of cnuts/nuts.h. Output: a compiled image (CompileCUDA, cached
// on disk: cache.go), a context in which to load it, copy data and launch
// kernels (context.go); and a ChainSource's chains run on the GPU
// (chains.go, session.go) as a cnuts.Backend, which `bayes sample
// --device cuda` uses. That NUTS is package cnuts's, tested there as plain
// C on the CPU; the device path has not yet run on a GPU (the GPU tests
// skip, saying so, without one), and runs on a stand-in driver
// (fakedriver_test.go).
//
// Every CUDA call returns a CUresult; this package turns each into an
// error that names the call and the result (CUDA Driver API reference,
// "Error Handling", cuGetErrorName). Nothing panics when the driver or a
// symbol is missing: Open says what it looked for.
package cuda

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// ErrNoDriver is the error Open returns (wrapped) when libcuda.so.1, the
// NVIDIA driver's user-space library, cannot be loaded.
var ErrNoDriver = errors.New("no NVIDIA driver")

// ErrNoDevice is the error Open returns (wrapped) when the driver loads but
// reports no usable GPU (cuInit fails, as it does without a device).
var ErrNoDevice = errors.New("no NVIDIA GPU")

// ErrNoNVRTC is the error NVRTCVersion and CompileCUDA return (wrapped)
// when no NVRTC library is found; one that is found but lacks a function
// or fails is another error.
var ErrNoNVRTC = errors.New("NVRTC not found")

// Absent reports whether err says only that this machine has no NVIDIA
// driver or no GPU (it wraps ErrNoDriver or ErrNoDevice): information, which
// `bayes devices` prints and the GPU tests skip on, where any other error
// from the driver is a fault.
func Absent(err error) bool {
	return errors.Is(err, ErrNoDriver) || errors.Is(err, ErrNoDevice)
}

// cudaLibs and nvrtcLibs are the names tried in order, resolved by the
// dynamic loader (LD_LIBRARY_PATH, /etc/ld.so.cache, /lib, /usr/lib), then
// in the CUDA toolkit's usual place.
var (
	cudaLibs  = []string{"libcuda.so.1", "libcuda.so"}
	nvrtcLibs = []string{"libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
		"/usr/local/cuda/lib64/libnvrtc.so", "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12"}
)

// library is a shared library loaded once per process and never unloaded:
// unloading the CUDA driver while its threads and exit handlers are
// registered is a known crash (JuliaGPU/CUDA.jl#1848), and loading it
// again costs time for nothing.
type library struct {
	open func(names []string) (uintptr, string, error)
	once sync.Once
	h    uintptr
	name string
	err  error
}

func (l *library) load(names []string) (uintptr, string, error) {
	l.once.Do(func() { l.h, l.name, l.err = l.open(names) })
	return l.h, l.name, l.err
}

var (
	cudaLib  = library{open: dlopen}
	nvrtcLib = library{open: dlopenNVRTC}
)

// dlopenNVRTC is dlopen for NVRTC, which opens its libnvrtc-builtins.so by
// name when it compiles: for an NVRTC found by absolute path, outside the
// loader's path, the builtins of its folder are loaded first (RTLD_GLOBAL),
// else every compile fails with NVRTC_ERROR_BUILTIN_OPERATION_FAILURE.
func dlopenNVRTC(names []string) (uintptr, string, error) {
	var errs []string
	for _, n := range names {
		if filepath.IsAbs(n) {
			builtins, _ := filepath.Glob(filepath.Join(filepath.Dir(n), "libnvrtc-builtins.so*"))
			for _, b := range builtins {
				purego.Dlopen(b, purego.RTLD_NOW|purego.RTLD_GLOBAL)
			}
		}
		h, name, err := dlopen([]string{n})
		if err == nil {
			return h, name, nil
		}
		errs = append(errs, err.Error())
	}
	return 0, "", errors.New(strings.Join(errs, "; "))
}

// Attributes of cuDeviceGetAttribute (cuda.h, CUdevice_attribute).
const (
	attrComputeCapabilityMajor = 75
	attrComputeCapabilityMinor = 76
)

// cuResult is a CUresult; 0 is CUDA_SUCCESS.
type cuResult int32

// Driver is the loaded driver library (and NVRTC, when found).
type Driver struct {
	cuda, nvrtc   uintptr
	cudaLib       string
	nvrtcLib      string
	nvrtcErr      error // why NVRTC is unavailable, nil when loaded
	execErr       error // a context/module/memory call the driver lacks
	driverVersion int32

	cuInit               func(flags uint32) cuResult
	cuDriverGetVersion   func(v *int32) cuResult
	cuDeviceGetCount     func(n *int32) cuResult
	cuDeviceGet          func(dev *int32, ordinal int32) cuResult
	cuDeviceGetName      func(name *byte, n int32, dev int32) cuResult
	cuDeviceTotalMem     func(bytes *uint64, dev int32) cuResult
	cuDeviceGetAttribute func(v *int32, attr int32, dev int32) cuResult
	cuGetErrorName       func(r cuResult, s **byte) cuResult

	cuCtxCreate         func(ctx *uintptr, flags uint32, dev int32) cuResult
	cuCtxDestroy        func(ctx uintptr) cuResult
	cuCtxSetCurrent     func(ctx uintptr) cuResult
	cuCtxSynchronize    func() cuResult
	cuModuleLoadData    func(mod *uintptr, image *byte) cuResult
	cuModuleUnload      func(mod uintptr) cuResult
	cuModuleGetFunction func(fn *uintptr, mod uintptr, name string) cuResult
	cuModuleGetGlobal   func(p *uint64, bytes *uint64, mod uintptr, name string) cuResult
	cuMemAlloc          func(p *uint64, bytes uint64) cuResult
	cuMemFree           func(p uint64) cuResult
	cuMemcpyHtoD        func(dst uint64, src unsafe.Pointer, bytes uint64) cuResult
	cuMemcpyDtoH        func(dst unsafe.Pointer, src uint64, bytes uint64) cuResult
	cuLaunchKernel      func(f uintptr, gx, gy, gz, bx, by, bz, shared uint32, stream uintptr, params *unsafe.Pointer, extra uintptr) cuResult

	nv nvrtcFuncs
}

// Device describes one GPU.
type Device struct {
	Ordinal       int
	Name          string
	Memory        uint64 // total global memory, bytes
	Major, Minor  int    // compute capability
	DriverVersion int    // CUDA version the driver supports, 1000*major + 10*minor
}

// ComputeCapability is "major.minor", e.g. "9.0" for an H100.
func (d Device) ComputeCapability() string { return fmt.Sprintf("%d.%d", d.Major, d.Minor) }

// Arch is the NVRTC architecture of the device, e.g. "sm_90".
func (d Device) Arch() string { return fmt.Sprintf("sm_%d%d", d.Major, d.Minor) }

// VersionString formats a CUDA version number (12040) as "12.4".
func VersionString(v int) string { return fmt.Sprintf("%d.%d", v/1000, v%1000/10) }

// symbol is one function to resolve: its name and the Go function variable
// that purego fills.
type symbol struct {
	name string
	fn   any
}

// bind resolves every symbol of lib, or names the first one missing.
func bind(lib uintptr, libName string, syms []symbol) error {
	for _, s := range syms {
		p, err := purego.Dlsym(lib, s.name)
		if err != nil || p == 0 {
			return fmt.Errorf("%s has no %s (driver too old?)", libName, s.name)
		}
		purego.RegisterFunc(s.fn, p)
	}
	return nil
}

// dlopen tries each name in turn and returns the first that loads. The
// goroutine stays on its thread meanwhile: dlerror, which gives the
// failure's text, is per thread.
func dlopen(names []string) (uintptr, string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var errs []string
	for _, n := range names {
		h, err := purego.Dlopen(n, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err == nil {
			return h, n, nil
		}
		errs = append(errs, err.Error())
	}
	return 0, "", errors.New(strings.Join(errs, "; "))
}

// notFound reports whether a dlopen error says only that files are absent
// (an empty text counts: the loader gave no other reason).
func notFound(err error) bool {
	for _, e := range strings.Split(err.Error(), "; ") {
		if e != "" && !strings.Contains(e, "No such file") {
			return false
		}
	}
	return true
}

// Open loads the driver, initialises it (cuInit) and loads NVRTC if it can.
// Without a driver the error wraps ErrNoDriver; with a driver but no usable
// GPU, ErrNoDevice. A missing NVRTC is not an error here: CompileCUDA
// reports it.
func Open() (*Driver, error) {
	h, name, err := cudaLib.load(cudaLibs)
	if err != nil {
		if notFound(err) {
			return nil, fmt.Errorf("%w: %s not found (searched %s through the dynamic loader: LD_LIBRARY_PATH, /etc/ld.so.cache, /lib, /usr/lib)",
				ErrNoDriver, cudaLibs[0], strings.Join(cudaLibs, ", "))
		}
		return nil, fmt.Errorf("%w: %s could not be loaded: %v", ErrNoDriver, cudaLibs[0], err)
	}
	d := &Driver{cuda: h, cudaLib: name}
	err = bind(h, name, []symbol{
		{"cuInit", &d.cuInit},
		{"cuDriverGetVersion", &d.cuDriverGetVersion},
		{"cuDeviceGetCount", &d.cuDeviceGetCount},
		{"cuDeviceGet", &d.cuDeviceGet},
		{"cuDeviceGetName", &d.cuDeviceGetName},
		{"cuDeviceTotalMem_v2", &d.cuDeviceTotalMem},
		{"cuDeviceGetAttribute", &d.cuDeviceGetAttribute},
		{"cuGetErrorName", &d.cuGetErrorName},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDriver, err)
	}
	// The calls that run code: a driver that lacks one can still list its
	// devices; NewContext reports what is missing.
	d.execErr = bind(h, name, []symbol{
		{"cuCtxCreate_v2", &d.cuCtxCreate},
		{"cuCtxDestroy_v2", &d.cuCtxDestroy},
		{"cuCtxSetCurrent", &d.cuCtxSetCurrent},
		{"cuCtxSynchronize", &d.cuCtxSynchronize},
		{"cuModuleLoadData", &d.cuModuleLoadData},
		{"cuModuleUnload", &d.cuModuleUnload},
		{"cuModuleGetFunction", &d.cuModuleGetFunction},
		{"cuModuleGetGlobal_v2", &d.cuModuleGetGlobal},
		{"cuMemAlloc_v2", &d.cuMemAlloc},
		{"cuMemFree_v2", &d.cuMemFree},
		{"cuMemcpyHtoD_v2", &d.cuMemcpyHtoD},
		{"cuMemcpyDtoH_v2", &d.cuMemcpyDtoH},
		{"cuLaunchKernel", &d.cuLaunchKernel},
	})
	if err := d.check("cuDriverGetVersion", d.cuDriverGetVersion(&d.driverVersion)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDriver, err)
	}
	if err := d.check("cuInit", d.cuInit(0)); err != nil {
		return nil, fmt.Errorf("%w: driver %s loaded from %s, but %v", ErrNoDevice, VersionString(int(d.driverVersion)), name, err)
	}
	d.openNVRTC()
	return d, nil
}

// Close ends the Driver's use; the libraries stay loaded for the
// process's next Open (see library).
func (d *Driver) Close() error {
	d.cuda, d.nvrtc = 0, 0
	return nil
}

// DriverVersion is the CUDA version the driver supports (12040 for 12.4).
func (d *Driver) DriverVersion() int { return int(d.driverVersion) }

// Library is the file the driver was loaded from.
func (d *Driver) Library() string { return d.cudaLib }

// Devices lists every GPU the driver sees.
func (d *Driver) Devices() ([]Device, error) {
	var n int32
	if err := d.check("cuDeviceGetCount", d.cuDeviceGetCount(&n)); err != nil {
		return nil, err
	}
	devs := make([]Device, 0, n)
	for i := int32(0); i < n; i++ {
		var dev int32
		if err := d.check("cuDeviceGet", d.cuDeviceGet(&dev, i)); err != nil {
			return nil, err
		}
		name := make([]byte, 256)
		if err := d.check("cuDeviceGetName", d.cuDeviceGetName(&name[0], int32(len(name)), dev)); err != nil {
			return nil, err
		}
		var mem uint64
		if err := d.check("cuDeviceTotalMem_v2", d.cuDeviceTotalMem(&mem, dev)); err != nil {
			return nil, err
		}
		var major, minor int32
		if err := d.check("cuDeviceGetAttribute", d.cuDeviceGetAttribute(&major, attrComputeCapabilityMajor, dev)); err != nil {
			return nil, err
		}
		if err := d.check("cuDeviceGetAttribute", d.cuDeviceGetAttribute(&minor, attrComputeCapabilityMinor, dev)); err != nil {
			return nil, err
		}
		devs = append(devs, Device{Ordinal: int(i), Name: cString(name), Memory: mem,
			Major: int(major), Minor: int(minor), DriverVersion: int(d.driverVersion)})
	}
	return devs, nil
}

// check turns a CUresult into an error naming the call, or nil on success.
func (d *Driver) check(call string, r cuResult) error {
	if r == 0 {
		return nil
	}
	name := fmt.Sprintf("CUresult %d", r)
	var s *byte
	if d.cuGetErrorName != nil && d.cuGetErrorName(r, &s) == 0 && s != nil {
		name = goString(s)
	}
	return fmt.Errorf("%s: %s", call, name)
}

// cString is the NUL-terminated string at the start of b.
func cString(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

// goString copies the NUL-terminated C string at p (owned by the library).
func goString(p *byte) string {
	var b []byte
	for q := unsafe.Pointer(p); *(*byte)(q) != 0; q = unsafe.Add(q, 1) {
		b = append(b, *(*byte)(q))
	}
	return string(b)
}
