package diagnostics

import (
	"sync"

	"gonum.org/v1/gonum/dsp/fourier"
)

// workspace holds the scratch storage of one diagnostic computation, so that
// repeated calls (a summary of many parameters, benchmarks) reuse memory.
// A matrix of m chains by n iterations is stored flat, chain after chain:
// x[c*n+i].
type workspace struct {
	x      []float64 // the (split, transformed) matrix being analysed
	y      []float64 // a second matrix (folded draws, indicators)
	sorted []float64 // pooled draws, sorted
	z      []float64 // rank-normalised scores of x

	// Ranking (ranks.go): the values of a matrix in ascending order and
	// their positions, the radix sort's keys and second buffers, the same
	// for the folded matrix, and the scores of untied ranks for size len(ztab).
	sv, fv      []float64
	si, fi, si2 []int32
	keys, keys2 []uint64
	ztab        []float64

	fft   *fourier.FFT
	pad   []float64    // one centred chain, zero padded to the FFT length
	coef  []complex128 // its Fourier coefficients
	acov  []float64    // autocovariance of one chain
	macov []float64    // autocovariance averaged over chains
	nlag  int          // how many lags of macov are computed (essCore)
	cx    []float64    // centred chains, for lag-by-lag autocovariances
	flat  []bool       // which chains are constant
	rho   []float64    // autocorrelation estimates (Geyer's sequence)
	means []float64    // chain means
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

func getWorkspace() *workspace  { return workspaces.Get().(*workspace) }
func putWorkspace(w *workspace) { workspaces.Put(w) }

// grow returns s resliced to length n, reallocating only when needed.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
