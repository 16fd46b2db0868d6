package cuda

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
)

// openOrSkip returns the driver, or skips visibly on a machine without one
// (Absent); any other error from Open fails the test. Tests outside the
// package apply the same rule through cudatest.
func openOrSkip(t *testing.T) *Driver {
	t.Helper()
	d, err := Open()
	if err != nil {
		if !Absent(err) {
			t.Fatalf("Open: %v does not wrap ErrNoDriver or ErrNoDevice", err)
		}
		t.Skipf("no GPU: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// nvrtcOrSkip skips where NVRTC is not found (ErrNoNVRTC) and fails where
// it is found but does not answer.
func nvrtcOrSkip(t *testing.T, d *Driver) {
	t.Helper()
	if _, _, err := d.NVRTCVersion(); err != nil {
		if !errors.Is(err, ErrNoNVRTC) {
			t.Fatalf("NVRTC: %v (found, but it does not work)", err)
		}
		t.Skipf("no NVRTC: %v", err)
	}
}

// TestOpenWithoutDriver: where libcuda.so.1 is absent, Open must say so,
// naming the library, and not panic.
func TestOpenWithoutDriver(t *testing.T) {
	d, err := Open()
	if err == nil {
		d.Close()
		t.Skip("a driver is installed: the no-driver message cannot be checked here")
	}
	if errors.Is(err, ErrNoDriver) && !strings.Contains(err.Error(), "libcuda.so.1") {
		t.Errorf("Open: %q does not name libcuda.so.1", err)
	}
	if !errors.Is(err, ErrNoDriver) && !errors.Is(err, ErrNoDevice) {
		t.Errorf("Open: %v wraps neither ErrNoDriver nor ErrNoDevice", err)
	}
}

// TestBind checks the loader on a library every Linux machine has: libm's
// cos, called through purego, is math.Cos; a missing symbol is an error
// that names it.
func TestBind(t *testing.T) {
	h, name, err := dlopen([]string{"libm.so.6"})
	if err != nil {
		t.Skipf("no libm.so.6 to load (%v): not a glibc system", err)
	}
	defer purego.Dlclose(h)
	var cos func(float64) float64
	if err := bind(h, name, []symbol{{"cos", &cos}}); err != nil {
		t.Fatal(err)
	}
	if got, want := cos(0.5), math.Cos(0.5); math.Abs(got-want) > 1e-15 {
		t.Errorf("cos(0.5) = %v through libm, math.Cos %v", got, want)
	}
	// A C int returned as a named Go type, as every CUresult is.
	var ilogb func(float64) cuResult
	if err := bind(h, name, []symbol{{"ilogb", &ilogb}}); err != nil {
		t.Fatal(err)
	}
	if got := ilogb(-40); got != 5 {
		t.Errorf("ilogb(-40) = %d through libm, want 5", got)
	}
	var nope func()
	err = bind(h, name, []symbol{{"cuNoSuchCall", &nope}})
	if err == nil || !strings.Contains(err.Error(), "cuNoSuchCall") {
		t.Errorf("bind of a missing symbol: %v, want an error naming cuNoSuchCall", err)
	}
	if _, _, err := dlopen([]string{"libbayes-absent.so.9"}); err == nil || !notFound(err) {
		t.Errorf("dlopen of an absent library: %v, want a not-found error", err)
	}
}

func TestVersionString(t *testing.T) {
	for _, c := range []struct {
		v    int
		want string
	}{{12040, "12.4"}, {13000, "13.0"}, {11020, "11.2"}} {
		if got := VersionString(c.v); got != c.want {
			t.Errorf("VersionString(%d) = %s, want %s", c.v, got, c.want)
		}
	}
	d := Device{Major: 9, Minor: 0}
	if d.ComputeCapability() != "9.0" || d.Arch() != "sm_90" {
		t.Errorf("compute capability %s, arch %s; want 9.0, sm_90", d.ComputeCapability(), d.Arch())
	}
}

// TestDevices lists the GPUs (GPU machines only).
func TestDevices(t *testing.T) {
	d := openOrSkip(t)
	devs, err := d.Devices()
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) == 0 {
		t.Fatal("the driver initialised but lists no device")
	}
	for _, dev := range devs {
		t.Logf("GPU %d: %s, %.1f GiB, compute capability %s, driver %s", dev.Ordinal, dev.Name,
			float64(dev.Memory)/(1<<30), dev.ComputeCapability(), VersionString(dev.DriverVersion))
		if dev.Name == "" || dev.Memory == 0 || dev.Major < 3 {
			t.Errorf("implausible device %+v", dev)
		}
	}
}

// saxpy is the smallest kernel that exercises every call: compile, load,
// allocate, copy both ways, launch with pointer and scalar parameters.
const saxpy = `
extern "C" __global__ void saxpy(double a, const double *x, double *y, int n)
{
	int i = blockIdx.x * blockDim.x + threadIdx.x;
	if (i < n) y[i] = a * x[i] + y[i];
}
`

// TestCompileAndLaunch runs saxpy on the first GPU (GPU machines only) and
// compares with the same arithmetic in Go (--fmad=false: one rounding per
// operation on both sides, so the results are equal).
func TestCompileAndLaunch(t *testing.T) {
	d := openOrSkip(t)
	devs, err := d.Devices()
	if err != nil || len(devs) == 0 {
		t.Fatalf("devices: %v (%d)", err, len(devs))
	}
	ptx, log, err := d.CompileCUDA(saxpy, devs[0].Arch())
	if err != nil {
		t.Fatalf("CompileCUDA: %v\n%s", err, log)
	}
	c, err := d.NewContext(0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.LoadModule(ptx)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Unload()
	f, err := m.Function("saxpy")
	if err != nil {
		t.Fatal(err)
	}
	const n = 1000
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], y[i] = float64(i)/7, 1-float64(i)/3
	}
	dx, err := c.Alloc(n)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Free(dx)
	dy, err := c.Alloc(n)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Free(dy)
	if err := c.CopyToDevice(dx, x); err != nil {
		t.Fatal(err)
	}
	if err := c.CopyToDevice(dy, y); err != nil {
		t.Fatal(err)
	}
	a, nn := 2.5, int32(n)
	err = c.Launch(f, [3]uint32{(n + 127) / 128, 1, 1}, [3]uint32{128, 1, 1},
		unsafe.Pointer(&a), unsafe.Pointer(&dx), unsafe.Pointer(&dy), unsafe.Pointer(&nn))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Synchronize(); err != nil {
		t.Fatal(err)
	}
	got := make([]float64, n)
	if err := c.CopyFromDevice(got, dy); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		// float64(...) rounds the product, so that Go does not fuse it
		// into an FMA (it may on arm64 or with GOAMD64=v3).
		if want := float64(a*x[i]) + y[i]; got[i] != want {
			t.Fatalf("y[%d] = %v on the GPU, %v in Go", i, got[i], want)
		}
	}
}

// TestCompileError: a syntax error comes back as an error with NVRTC's log
// (GPU machines with NVRTC only).
func TestCompileError(t *testing.T) {
	d := openOrSkip(t)
	nvrtcOrSkip(t, d)
	devs, err := d.Devices()
	if err != nil || len(devs) == 0 {
		t.Fatalf("devices: %v (%d)", err, len(devs))
	}
	// The device's own architecture: an old one (compute_70, dropped by
	// CUDA 13) fails as an invalid option before the source is read.
	_, log, err := d.CompileCUDA("__global__ void broken( {", devs[0].Arch())
	if err == nil || !strings.Contains(err.Error(), "NVRTC_ERROR_COMPILATION") || log == "" {
		t.Errorf("CompileCUDA of bad source: err %v, log %q; want NVRTC_ERROR_COMPILATION and a log", err, log)
	}
}
