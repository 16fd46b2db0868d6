package diagnostics

import (
	"sync"

	"gonum.org/v1/gonum/dsp/fourier"
)

// workspace holds the scratch storage of one diagnostic computation, so that
// repeated calls (a summary of many parameters, benchmarks) reuse memory.
// A matrix of m chains by n iterations is stored flat, chain after chain:
// z[c*n+i]; the split draws and their transforms are not stored but read
// chain by chain (series).
type workspace struct {
	sorted []float64 // pooled draws, sorted, when the ranking does not give them
	z      []float64 // rank-normalised scores of the split chains

	// Ranking (ranks.go): the values of a matrix in ascending order and
	// their positions, the radix sort's keys and second buffers, the same
	// for the folded matrix, and the scores of untied ranks for size
	// len(ztab) (untiedScores; shared, never written).
	sv, fv      []float64
	si, fi, si2 []int32
	keys, keys2 []uint64
	bucket      []int32 // radixMSD's bucket starts
	next        []int32 // and the next free place in each bucket
	ztab        []float64

	fft      *fourier.FFT
	pad      []float64        // one centred chain, zero padded to the FFT length
	coef     []complex128     // its Fourier coefficients
	acov     []float64        // autocovariance of one chain
	macov    []float64        // autocovariance averaged over chains
	nlag     int              // how many lags of macov are computed (essCore)
	lagsUsed int              // how many the last Geyer sequence read (geyerESS)
	lagHint  [seriesKinds]int // lagsUsed of the last series of each kind (firstLags)
	lagSum   []float64        // autocovariances summed over chains, for macov
	buf      []float64        // one chain of a transformed series (series.chain)
	buf2     []float64        // and a second, to read two chains at once
	cx       []float64        // one centred chain, for lag-by-lag autocovariances
	flat     []bool           // which chains are constant
	rho      []float64        // autocorrelation estimates (Geyer's sequence)
	means    []float64        // chain means

	cols    []Column  // columns copied out of Stan CSV rows (summarizeStanCSV)
	colData []float64 // their draws
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
