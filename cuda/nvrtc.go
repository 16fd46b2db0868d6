package cuda

import (
	"fmt"
	"runtime"
	"strings"
)

// NVRTC, the CUDA runtime compiler (NVRTC User Guide, "Basic Usage"):
// create a program from source, compile it with options, read the PTX and
// the log, destroy the program.

// nvrtcResult is an nvrtcResult; 0 is NVRTC_SUCCESS.
type nvrtcResult int32

type nvrtcFuncs struct {
	version        func(major, minor *int32) nvrtcResult
	createProgram  func(prog *uintptr, src, name string, nHeaders int32, headers, includeNames uintptr) nvrtcResult
	compileProgram func(prog uintptr, nOpts int32, opts **byte) nvrtcResult
	getPTXSize     func(prog uintptr, n *uint64) nvrtcResult
	getPTX         func(prog uintptr, ptx *byte) nvrtcResult
	// getCUBINSize and getCUBIN are nil in an NVRTC older than 11.1.
	getCUBINSize   func(prog uintptr, n *uint64) nvrtcResult
	getCUBIN       func(prog uintptr, cubin *byte) nvrtcResult
	getLogSize     func(prog uintptr, n *uint64) nvrtcResult
	getLog         func(prog uintptr, log *byte) nvrtcResult
	destroyProgram func(prog *uintptr) nvrtcResult
	getErrorString func(r nvrtcResult) string
}

// openNVRTC loads NVRTC, or records in d.nvrtcErr why it could not.
func (d *Driver) openNVRTC() {
	h, name, err := nvrtcLib.load(nvrtcLibs)
	if err != nil {
		d.nvrtcErr = fmt.Errorf("%w (searched %s)", ErrNoNVRTC, strings.Join(nvrtcLibs, ", "))
		return
	}
	nv := &d.nv
	err = bind(h, name, []symbol{
		{"nvrtcVersion", &nv.version},
		{"nvrtcCreateProgram", &nv.createProgram},
		{"nvrtcCompileProgram", &nv.compileProgram},
		{"nvrtcGetPTXSize", &nv.getPTXSize},
		{"nvrtcGetPTX", &nv.getPTX},
		{"nvrtcGetProgramLogSize", &nv.getLogSize},
		{"nvrtcGetProgramLog", &nv.getLog},
		{"nvrtcDestroyProgram", &nv.destroyProgram},
		{"nvrtcGetErrorString", &nv.getErrorString},
	})
	if err != nil {
		d.nvrtcErr = err
		return
	}
	if bind(h, name, []symbol{{"nvrtcGetCUBINSize", &nv.getCUBINSize}, {"nvrtcGetCUBIN", &nv.getCUBIN}}) != nil {
		nv.getCUBINSize, nv.getCUBIN = nil, nil
	}
	d.nvrtc, d.nvrtcLib = h, name
}

// NVRTCVersion is the version of the loaded NVRTC, or the reason there is none.
func (d *Driver) NVRTCVersion() (major, minor int, err error) {
	if d.nvrtcErr != nil {
		return 0, 0, d.nvrtcErr
	}
	var ma, mi int32
	if err := d.nvCheck("nvrtcVersion", d.nv.version(&ma, &mi)); err != nil {
		return 0, 0, err
	}
	return int(ma), int(mi), nil
}

func (d *Driver) nvCheck(call string, r nvrtcResult) error {
	if r == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s", call, d.nv.getErrorString(r))
}

// CompileCUDA compiles CUDA C++ source for arch (a virtual or real
// architecture: "compute_90", "sm_90"; Device.Arch gives the device's)
// into the image that Context.LoadModule loads: PTX for a virtual one,
// CUBIN for a real one where NVRTC can make it.
// It compiles with --fmad=false, so that the device rounds each multiply
// and add as the CPU kernel does (NVRTC fuses them by default) and results
// can be compared with the Go kernel's to rounding. The log is NVRTC's,
// warnings included; on a compile error err says so and the log says why.
func (d *Driver) CompileCUDA(src, arch string) (image []byte, log string, err error) {
	if d.nvrtcErr != nil {
		return nil, "", d.nvrtcErr
	}
	var prog uintptr
	if err := d.nvCheck("nvrtcCreateProgram", d.nv.createProgram(&prog, src, "bayes.cu", 0, 0, 0)); err != nil {
		return nil, "", err
	}
	defer d.nv.destroyProgram(&prog)

	opts := compileOptions(arch)
	cOpts := make([][]byte, len(opts))
	ptrs := make([]*byte, len(opts))
	var pin runtime.Pinner
	defer pin.Unpin()
	for i, o := range opts {
		cOpts[i] = append([]byte(o), 0)
		ptrs[i] = &cOpts[i][0]
		pin.Pin(ptrs[i])
	}
	compileErr := d.nvCheck("nvrtcCompileProgram", d.nv.compileProgram(prog, int32(len(ptrs)), &ptrs[0]))

	var n uint64
	if err := d.nvCheck("nvrtcGetProgramLogSize", d.nv.getLogSize(prog, &n)); err != nil {
		return nil, "", err
	}
	if n > 1 {
		buf := make([]byte, n)
		if err := d.nvCheck("nvrtcGetProgramLog", d.nv.getLog(prog, &buf[0])); err != nil {
			return nil, "", err
		}
		log = cString(buf)
	}
	if compileErr != nil {
		return nil, log, compileErr
	}
	// For a real architecture (sm_90) NVRTC has already assembled the
	// code: load that CUBIN, which skips the driver's second compile of
	// the PTX and cannot fail on a PTX version newer than the driver's.
	size, get, what := d.nv.getPTXSize, d.nv.getPTX, "PTX"
	if strings.HasPrefix(arch, "sm_") && d.nv.getCUBIN != nil {
		size, get, what = d.nv.getCUBINSize, d.nv.getCUBIN, "CUBIN"
	}
	if err := d.nvCheck("nvrtcGet"+what+"Size", size(prog, &n)); err != nil {
		return nil, log, err
	}
	buf := make([]byte, n)
	if err := d.nvCheck("nvrtcGet"+what, get(prog, &buf[0])); err != nil {
		return nil, log, err
	}
	return buf, log, nil // PTX ends with its NUL, as cuModuleLoadData wants
}

// compileOptions are NVRTC's options for arch: --fmad=false, see
// CompileCUDA.
func compileOptions(arch string) []string {
	return []string{"--gpu-architecture=" + arch, "--fmad=false"}
}

// compileCached is CompileCUDA through the cache: an image compiled before
// from the same source, for the same architecture by the same NVRTC, is
// read back instead of compiled again (unless refresh). cached reports
// which.
func (d *Driver) compileCached(cache compileCache, src, arch string, refresh bool) (image []byte, cached bool, log string, err error) {
	major, minor, err := d.NVRTCVersion()
	if err != nil {
		return nil, false, "", err
	}
	key := cache.key(fmt.Sprintf("nvrtc %d.%d", major, minor), strings.Join(compileOptions(arch), " "), src)
	if image, ok := cache.get(key); ok && !refresh {
		return image, true, "", nil
	}
	image, log, err = d.CompileCUDA(src, arch)
	if err == nil {
		cache.put(key, image)
	}
	return image, false, log, err
}
