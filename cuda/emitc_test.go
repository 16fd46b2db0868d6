package cuda_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/cuda"
	"github.com/bayes-dev/bayes/cuda/cudatest"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// The emitted C on the device: each thread evaluates the log density and
// gradient at its own point with Model.EmitC's code compiled by NVRTC
// (one thread per chain, as the CUDA sampler will), and the results must
// equal the Go kernel's to 1e-12 relative (absolute below 1), as the
// plain-C test in compiler/emit/emit_c_test.go requires on the CPU.

// wrapper is the kernel around the emitted bayes_log_density_grad_ws:
// thread c reads q[c*dim:], writes grad[c*dim:] and lp[c], and uses
// ws[c*wsLen:] as its workspace.
const wrapper = `
extern "C" __global__ void lp_grad(const double *q, double *grad, double *lp, double *ws, int n, int dim, int wsLen)
{
	int c = blockIdx.x * blockDim.x + threadIdx.x;
	if (c >= n) return;
	lp[c] = bayes_log_density_grad_ws(q + (size_t)c * dim, grad + (size_t)c * dim, ws + (size_t)c * wsLen);
}
`

func models(t *testing.T) [][3]string {
	files := [][3]string{{"eight_schools", filepath.Join("..", "models", "eight_schools.bym"), filepath.Join("..", "data", "schools.json")}}
	dir := filepath.Join("..", "..", "shared", "posteriordb")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Logf("posteriordb models skipped: %v (the shared folder is absent)", err)
		return files
	}
	for _, e := range entries {
		if e.IsDir() {
			d := filepath.Join(dir, e.Name())
			files = append(files, [3]string{e.Name(), filepath.Join(d, "model.bym"), filepath.Join(d, "data.json")})
		}
	}
	return files
}

func TestEmittedCOnDevice(t *testing.T) {
	d, devs := cudatest.OpenWithNVRTC(t)
	c, err := d.NewContext(0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, f := range models(t) {
		t.Run(f[0], func(t *testing.T) {
			prog, err := lang.LoadModel(f[1])
			if err != nil {
				t.Fatal(err)
			}
			data, err := data.ReadFile(prog, f[2])
			if err != nil {
				t.Fatal(err)
			}
			m, err := compiler.CompileModel(prog, data)
			if err != nil {
				t.Fatal(err)
			}
			src, err := m.EmitC(emit.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(src.Code) > 250<<10 {
				t.Skipf("%d bytes of C: too slow to compile in a test (one unrolled function)", len(src.Code))
			}
			ptx, log, err := d.CompileCUDA(string(src.Code)+wrapper, devs[0].Arch())
			if err != nil {
				t.Fatalf("NVRTC: %v\n%s", err, log)
			}
			mod, err := c.LoadModule(ptx)
			if err != nil {
				t.Fatal(err)
			}
			defer mod.Unload()
			fn, err := mod.Function("lp_grad")
			if err != nil {
				t.Fatal(err)
			}
			var free []cuda.DevicePtr
			defer func() {
				for _, p := range free {
					c.Free(p)
				}
			}()
			alloc := func(n int) cuda.DevicePtr {
				p, err := c.Alloc(max(n, 1))
				if err != nil {
					t.Fatal(err)
				}
				free = append(free, p)
				return p
			}
			// Data passed by pointer: device copies, their addresses in
			// the module's table.
			if len(src.Extern) > 0 {
				table, size, err := mod.Global("bayes_extern_data")
				if err != nil {
					t.Fatal(err)
				}
				if want := uint64(8 * len(src.Extern)); size != want {
					t.Fatalf("bayes_extern_data is %d bytes, want %d", size, want)
				}
				ptrs := make([]cuda.DevicePtr, len(src.Extern))
				for k, x := range src.Extern {
					ptrs[k] = alloc(len(x))
					if err := c.CopyToDevice(ptrs[k], x); err != nil {
						t.Fatal(err)
					}
				}
				if err := c.CopyPointersToDevice(table, ptrs); err != nil {
					t.Fatal(err)
				}
			}
			const chains = 64
			dim, wsLen := max(m.Dim(), 1), max(src.Workspace, 1)
			rng := rand.New(rand.NewPCG(2026, 12))
			q := make([]float64, chains*dim)
			for i := range q {
				q[i] = 2*rng.Float64() - 1
			}
			dq, dg, dlp, dws := alloc(len(q)), alloc(len(q)), alloc(chains), alloc(chains*wsLen)
			if err := c.CopyToDevice(dq, q); err != nil {
				t.Fatal(err)
			}
			n, di, wi := int32(chains), int32(dim), int32(wsLen)
			err = c.Launch(fn, [3]uint32{1, 1, 1}, [3]uint32{chains, 1, 1},
				unsafe.Pointer(&dq), unsafe.Pointer(&dg), unsafe.Pointer(&dlp), unsafe.Pointer(&dws),
				unsafe.Pointer(&n), unsafe.Pointer(&di), unsafe.Pointer(&wi))
			if err == nil {
				err = c.Synchronize()
			}
			if err != nil {
				t.Fatal(err)
			}
			grad, lp := make([]float64, len(q)), make([]float64, chains)
			if err := c.CopyFromDevice(grad, dg); err != nil {
				t.Fatal(err)
			}
			if err := c.CopyFromDevice(lp, dlp); err != nil {
				t.Fatal(err)
			}
			k := m.NewKernel()
			g := make([]float64, m.Dim())
			bad := 0
			check := func(what string, got, want float64) {
				if math.IsNaN(want) && math.IsNaN(got) || got == want ||
					math.Abs(got-want) <= 1e-12*math.Max(math.Abs(want), 1) {
					return
				}
				if bad++; bad <= 10 {
					t.Errorf("%s: GPU %.17g, Go %.17g", what, got, want)
				}
			}
			for ch := 0; ch < chains; ch++ {
				want := k.LogDensityGrad(g, q[ch*dim:ch*dim+m.Dim()])
				check(fmt.Sprintf("chain %d: log density", ch), lp[ch], want)
				for i := range g {
					check(fmt.Sprintf("chain %d: d/dq[%d]", ch, i), grad[ch*dim+i], g[i])
				}
			}
		})
	}
}
