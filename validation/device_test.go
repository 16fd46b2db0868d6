package validation

import (
	"errors"
	"os/exec"
	"testing"

	"github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/cuda"
	"github.com/bayes-dev/bayes/cuda/cudatest"
	"github.com/bayes-dev/bayes/fit"
)

// TestPosteriordbCUDA checks every posterior sampled on the GPU (one
// thread per chain) by the rule TestPosteriordb applies to the CPU's
// draws. It runs where the NVIDIA driver, a GPU and NVRTC are found
// (`make test-gpu`), and skips, saying so, elsewhere.
func TestPosteriordbCUDA(t *testing.T) {
	dir := sharedDir(t)
	// Without a GPU, TestPosteriordbDeviceC checks the same sampler's C
	// build under make validate.
	cudatest.OpenWithNVRTC(t)
	checkAll(t, dir, onDevice(func(src *cnuts.ChainSource) (deviceSampler, error) { return cuda.OpenSession(src) }))
}

// TestPosteriordbDeviceC checks every posterior sampled by the GPU
// sampler's source built for the CPU with cc (what `bayes sample --device
// c` runs): the device code path's statistics without a GPU.
func TestPosteriordbDeviceC(t *testing.T) {
	dir := sharedDir(t)
	if !slowEnabled {
		t.Skip("skipping: slow; it runs under `make validate`")
	}
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("skipping: no C compiler (%v)", err)
	}
	checkAll(t, dir, onDevice(func(src *cnuts.ChainSource) (deviceSampler, error) { return cnuts.BuildHost(src) }))
}

// deviceSampler is a loaded GPU sampler: the device's or its C build.
type deviceSampler interface {
	bayes.GPUChains
	Close() error
}

// onDevice samples each posterior with the GPU sampler that open loads
// for the model's source, built for the posterior's metric (diagonal, or
// dense for kilpisjarvi and diamonds).
func onDevice(open func(*cnuts.ChainSource) (deviceSampler, error)) sampleFunc {
	return func(m *compiler.Model, o fit.Options) (*fit.Result, error) {
		src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{MaxDepth: o.Sampler.MaxTreeDepth, Metric: o.Sampler.Metric})
		if err != nil {
			return nil, err
		}
		s, err := open(src)
		if err != nil {
			return nil, err
		}
		res, err := fit.RunBlocks(o, bayes.BlockSampler(s))
		return res, errors.Join(err, s.Close())
	}
}
