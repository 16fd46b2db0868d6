package bayes

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/cuda"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/sampler"
)

// Where Sample runs the chains (Request.Device, bayes sample --device).
const (
	DeviceAuto = "auto" // the GPU when one is present and the run is worth it, else the CPU
	DeviceCPU  = "cpu"  // the Go sampler, one goroutine per chain
	DeviceCUDA = "cuda" // the GPU, one thread per chain
	// DeviceC runs the GPU sampler's C source built by the system C
	// compiler on the CPU, chains one after another: the GPU's code path
	// checked on a machine without one.
	DeviceC = "c"
)

// Devices are the values of Request.Device.
var Devices = []string{DeviceAuto, DeviceCPU, DeviceCUDA, DeviceC}

// gpuMinChains is --device auto's rule: the GPU when the run has at least
// this many chains. One GPU thread runs a chain several times slower than
// a CPU core (a scalar double-precision pipeline, and every warp waits for
// its slowest chain), so a GPU pays only when thousands of threads are
// busy; below a few cores' worth of chains the CPU's Go sampler is faster,
// and it starts without compiling CUDA. The threshold is provisional:
// `make bench-gpu` measures the crossing (BENCHMARKS.md).
func gpuMinChains() int { return max(64, 8*runtime.NumCPU()) }

// The data regime's rule (cnuts.RegimeData): a model whose gradient reads at
// least dataRegimeValues data values (a regression's N x D design: 10^4 x 10)
// runs each chain on a block of GPU threads that share its gradient, when the
// run has at most dataRegimeChains chains (one block per chain keeps every
// chain on its own multiprocessor: an H100 has 132). On the CPU such a
// gradient costs hundreds of microseconds; a block streams it in a few.
// Provisional, like gpuMinChains, until make bench-gpu measures the crossings.
const (
	dataRegimeValues = 100_000
	dataRegimeChains = 128
)

// chooseRegime is how the GPU runs the model's chains.
func chooseRegime(model *compiler.Model, chains int) cnuts.Regime {
	if model.DataValues() >= dataRegimeValues && chains <= dataRegimeChains {
		return cnuts.RegimeData
	}
	return cnuts.RegimeChains
}

// deviceRun is a device that samples the model: what fit.RunBlocks runs.
type deviceRun struct {
	sampler fit.BlockSampler
	name    string // for the run's report: the GPU's name
	regime  string // "chains" (a thread per chain) or "data" (a block per chain)
	close   func() error
}

// openDevice settles where the chains run and prepares that device: nil
// means the CPU's Go sampler. With auto, a GPU that is absent or cannot
// run the model is a note on log (unless quiet), not an error.
func openDevice(device string, precision int, model *compiler.Model, cfg sampler.Config, quiet bool, log io.Writer) (*deviceRun, error) {
	note := func(format string, args ...any) {
		if !quiet {
			fmt.Fprintf(log, "note: "+format+"\n", args...)
		}
	}
	float32s := precision == 32
	if float32s {
		if device == DeviceCPU {
			return nil, errors.New("--precision 32 is for the GPU sampler (--device cuda, or c to check it on the CPU); the CPU sampler computes in float64")
		}
		if err := model.Float32Safe(); err != nil {
			return nil, fmt.Errorf("--precision 32: %w", err)
		}
	}
	cpu := func() (*deviceRun, error) {
		if float32s {
			note("sampling on the CPU in float64: --precision 32 applies to the GPU only")
		}
		return nil, nil
	}
	if device == DeviceCPU {
		return nil, nil
	}
	if device != DeviceC {
		d, err := cuda.Open()
		if err != nil && device == DeviceCUDA {
			return nil, fmt.Errorf("--device cuda: %w", err)
		}
		if err != nil {
			note("no NVIDIA GPU found, sampling on the CPU (bayes devices says why)")
			return cpu()
		}
		d.Close()
	}
	if device == DeviceAuto && cfg.Chains < gpuMinChains() && chooseRegime(model, cfg.Chains) == cnuts.RegimeChains {
		note("sampling on the CPU: %d chains run faster there than on the GPU (from %d chains, or with --device cuda, the GPU runs them)", cfg.Chains, gpuMinChains())
		return cpu()
	}
	if cfg.Metric != sampler.Diag && cfg.Metric != sampler.Dense {
		if device == DeviceAuto {
			note("sampling on the CPU: the GPU sampler adapts only the diagonal and dense metrics (--metric %s)", cfg.Metric)
			return cpu()
		}
		return nil, fmt.Errorf("--device %s: the GPU sampler adapts only the diagonal and dense metrics; use --metric diag or dense, or --device cpu", device)
	}
	regime := chooseRegime(model, cfg.Chains)
	src, err := cnuts.NewChainSource(model, cnuts.ChainOptions{MaxDepth: cfg.MaxTreeDepth, Regime: regime, Float32: float32s, Metric: cfg.Metric})
	if err != nil {
		if device == DeviceAuto {
			note("sampling on the CPU: the GPU sampler cannot run this model: %v", err)
			return cpu()
		}
		return nil, fmt.Errorf("--device %s: %w", device, err)
	}
	if device == DeviceC {
		hc, err := cnuts.BuildHost(src)
		if err != nil {
			return nil, fmt.Errorf("--device c: %w", err)
		}
		return &deviceRun{sampler: gpuSampler{hc}, name: "CPU (the GPU sampler built with cc)", regime: regime.String(), close: hc.Close}, nil
	}
	t0 := time.Now()
	note("compiling the model for the GPU (NVRTC)")
	s, err := cuda.OpenSession(src)
	if err != nil {
		if device == DeviceAuto {
			note("sampling on the CPU: the GPU cannot run this model: %v", err)
			return cpu()
		}
		return nil, fmt.Errorf("--device cuda: %w", err)
	}
	how := "one thread per chain"
	if regime == cnuts.RegimeData {
		how = "a block of threads per chain sharing each gradient"
	}
	note("sampling %d chains on %s, %s (compiled in %.1f s)", cfg.Chains, s.Device.Name, how, time.Since(t0).Seconds())
	return &deviceRun{sampler: gpuSampler{s}, name: s.Device.Name, regime: regime.String(), close: s.Close}, nil
}
