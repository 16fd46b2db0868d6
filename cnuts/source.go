package cnuts

import (
	_ "embed" // nuts.h, dense.h, nutpie.h, chain.h, entry.h
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/sampler"
)

// nutsH is nuts.h, which leaves its constants to nutsDefines.
//
//go:embed nuts.h
var nutsH string

// denseH is dense.h, the dense metric's linear algebra, which a source
// built for sampler.Dense puts before nuts.h.
//
//go:embed dense.h
var denseH string

// nutpieH is nutpie.h, nutpie's adaptation of the diagonal metric, which
// a diagonal source has after nuts.h.
//
//go:embed nutpie.h
var nutpieH string

// chainH is chain.h, a chain from its start to its last draw, after them.
//
//go:embed chain.h
var chainH string

// entryH is entry.h, the source's entry points (CUDA kernels and the host
// build's functions), which follows chain.h.
//
//go:embed entry.h
var entryH string

// DefaultMaxDepth is the largest max_depth a ChainSource accepts unless
// told otherwise: Stan's default tree depth. Every tree level costs each
// chain's state about 10 vectors of Dim doubles.
const DefaultMaxDepth = sampler.DefaultMaxTreeDepth

// ChainSource is a model's C with the per-chain NUTS appended: one
// translation unit for cc or NVRTC.
type ChainSource struct {
	Code       []byte
	Dim        int // length of the unconstrained q
	NumOutputs int // constrained values per draw
	MaxDepth   int // largest ChainConfig.MaxTreeDepth it runs
	// Extern lists the model's data arrays passed by pointer
	// (emit.Source.Extern), as the bytes bind_data or the device
	// table expects: float64 values, or float32 with Float32.
	Extern [][]byte
	// Float32: the model computes in single precision; Workspace and
	// RedWidth count floats.
	Float32 bool
	// Regime is how the source runs its chains. In RegimeData a chain's
	// group of threads shares Workspace values of the model's workspace
	// and RedWidth values of reduction scratch per thread.
	Regime              Regime
	Workspace, RedWidth int
	// Metric is the metric the source adapts (ChainOptions.Metric):
	// Diag or Dense. A run's ChainConfig.Metric must be it.
	Metric sampler.Metric
}

// MetricLen is the length of a chain's inverse metric: Dim for the
// diagonal metric, Dim*Dim (row-major) for the dense one.
func (s *ChainSource) MetricLen() int {
	if s.Metric == sampler.Dense {
		return s.Dim * s.Dim
	}
	return s.Dim
}

// InfoLen is the length of a chain's info row (BAYES_NUTS_INFO): its step
// size, inverse metric, iterations, gradients and position.
func (s *ChainSource) InfoLen() int { return s.MetricLen() + 3 + s.Dim }

// FromLen is the length of a chain's row of a Backend's Begin
// (BAYES_NUTS_FROM): a step size (0: none), an inverse metric and an
// initial point (NaN coordinates drawn).
func (s *ChainSource) FromLen() int { return 1 + s.MetricLen() + s.Dim }

// DenseMaxDim is the most parameters a source with the dense metric takes:
// each chain's state holds three Dim x Dim matrices of doubles (the
// inverse metric, its Cholesky factor and the window's covariance sums),
// 384 KiB per chain at 128, per thread in the data regime, and a GPU runs
// hundreds of chains; each leapfrog step costs Dim^2 operations on one
// thread.
const DenseMaxDim = 128

// Regime is how a source runs a model's chains, named for the runs it
// serves: the chains regime (one thread per chain) for many chains, the
// data regime (a group of threads per chain) for much data. String gives
// the run report's name of each, "chains" or "data".
type Regime int

const (
	// RegimeChains, the chains regime, runs each chain on one thread:
	// many chains of a small model.
	RegimeChains Regime = iota
	// RegimeData, the data regime, runs each chain on a group of threads
	// (a thread block on the GPU, POSIX threads in the C build), each
	// running the chain's NUTS redundantly, that share every gradient
	// (emit.Options.Cooperative): few chains of a model with much data.
	RegimeData
)

func (r Regime) String() string { return [...]string{"chains", "data"}[r] }

// GroupThreads is the thread-block size of RegimeData on the GPU, one block
// per chain: enough threads to stream a large data set through one
// multiprocessor. The source is built for it (__launch_bounds__), so a
// device launches each chain's block with it. Provisional until measured
// (make bench-gpu).
const GroupThreads = 256

// groupHeader defines, before the model's cooperative code, what a group
// of threads is: a thread block of GroupThreads (its %d) on the GPU,
// POSIX threads in plain C.
const groupHeader = `#define BAYES_NUTS_COOP 1
#define BAYES_NUTS_GROUP_THREADS %d
#ifdef __CUDACC__
#define BAYES_TID ((int)threadIdx.x)
#define BAYES_NT ((int)blockDim.x)
#define BAYES_SYNC() __syncthreads()
#else
#include <pthread.h>
#ifndef BAYES_NUTS_HOST_THREADS
#define BAYES_NUTS_HOST_THREADS 3
#endif
static __thread int bayes_coop_tid;
static pthread_barrier_t bayes_coop_barrier;
#define BAYES_TID bayes_coop_tid
#define BAYES_NT BAYES_NUTS_HOST_THREADS
#define BAYES_SYNC() ((void)pthread_barrier_wait(&bayes_coop_barrier))
#endif
`

// ChainOptions say how to build a model's ChainSource.
type ChainOptions struct {
	// MaxDepth is the largest ChainConfig.MaxTreeDepth the source runs; 0
	// means DefaultMaxDepth.
	MaxDepth int
	Regime   Regime
	// Float32 computes the model's log density and gradient in single
	// precision (emit.Options.Float32); the NUTS stays in double.
	// Check the model with compiler.Model.Float32Safe first.
	Float32 bool
	// Metric is the metric the source adapts: Diag (the zero value), or
	// Dense for at most DenseMaxDim parameters. It is fixed at compile
	// time (BAYES_NUTS_DENSE), so that a diagonal chain's state holds no
	// Dim x Dim matrix.
	Metric sampler.Metric
}

// NewChainSource emits m's log density, gradient and constrain map and
// appends the NUTS of nuts.h, sized for m and the options.
func NewChainSource(m *compiler.Model, opts ChainOptions) (*ChainSource, error) {
	maxDepth := opts.MaxDepth
	if maxDepth == 0 {
		maxDepth = DefaultMaxDepth
	}
	if maxDepth < 1 || maxDepth > 30 {
		return nil, fmt.Errorf("cnuts: max tree depth %d: must be between 1 and 30", maxDepth)
	}
	if m.Dim() == 0 {
		return nil, errors.New("cnuts: the model has no parameters: there is nothing for NUTS to sample")
	}
	switch {
	case opts.Metric != sampler.Diag && opts.Metric != sampler.Dense:
		return nil, fmt.Errorf("cnuts: metric %s: the device sampler adapts a diagonal or a dense metric (diag_e, dense_e)", opts.Metric)
	case opts.Metric == sampler.Dense && m.Dim() > DenseMaxDim:
		return nil, fmt.Errorf("cnuts: the dense metric takes at most %d parameters on the device, the model has %d: each chain's state would hold three %d x %d matrices", DenseMaxDim, m.Dim(), m.Dim(), m.Dim())
	}
	group := opts.Regime == RegimeData
	src, err := m.EmitC(emit.Options{Cooperative: group, Float32: opts.Float32})
	if err != nil {
		return nil, err
	}
	var code []byte
	if group {
		code = fmt.Appendf(code, groupHeader, GroupThreads)
	}
	code = append(code, src.Code...)
	code = fmt.Appendf(code, "\n#define BAYES_NUTS_DIM %d\n#define BAYES_NUTS_NOUT %d\n#define BAYES_NUTS_WS %d\n#define BAYES_NUTS_MAX_DEPTH %d\n",
		m.Dim(), max(src.NumOutputs, 1), max(src.Workspace, 1), maxDepth)
	if group {
		code = fmt.Appendf(code, "#define BAYES_NUTS_COOP_WS %d\n#define BAYES_NUTS_COOP_RED %d\n", max(src.Workspace, 1), src.CoopRedWidth)
	}
	if opts.Metric == sampler.Dense {
		code = append(code, "#define BAYES_NUTS_DENSE 1\n"...)
	}
	code = append(code, '\n')
	code = append(code, nutsDefines()...)
	if opts.Metric == sampler.Dense {
		code = append(code, denseH...)
	}
	code = append(code, nutsH...)
	if opts.Metric != sampler.Dense {
		code = append(code, nutpieH...)
	}
	code = append(code, chainH...)
	code = append(code, entryH...)
	regime := RegimeChains
	if group {
		regime = RegimeData
	}
	cs := &ChainSource{Code: code, Dim: m.Dim(), NumOutputs: src.NumOutputs, MaxDepth: maxDepth,
		Regime: regime, Workspace: max(src.Workspace, 1), RedWidth: src.CoopRedWidth, Float32: src.Float32, Metric: opts.Metric}
	for _, x := range src.Extern {
		cs.Extern = append(cs.Extern, externData(x, src.Float32))
	}
	return cs, nil
}

// externData is a data array as the emitted code reads it: float64, or
// float32 in a single-precision source.
func externData(x []float64, float32s bool) []byte {
	if len(x) == 0 {
		return nil
	}
	if !float32s {
		return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 8*len(x))
	}
	out := make([]byte, 4*len(x))
	for i, v := range x {
		binary.NativeEndian.PutUint32(out[4*i:], math.Float32bits(float32(v)))
	}
	return out
}
