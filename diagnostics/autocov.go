package diagnostics

import "gonum.org/v1/gonum/dsp/fourier"

// FFTSize returns the smallest n' >= n (and >= 2) whose only prime factors
// are 2, 3 and 5 (R's nextn, used by posterior's autocovariance and loo's
// fft_next_good_size), so the FFT is fast.
func FFTSize(n int) int {
	if n <= 2 {
		return 2
	}
	for ; ; n++ {
		m := n
		for _, f := range [...]int{2, 3, 5} {
			for m%f == 0 {
				m /= f
			}
		}
		if m == 1 {
			return n
		}
	}
}

// autocovariance writes into w.acov[:len(chain)] the biased autocovariance
// estimates of chain, acov[t] = (1/n) Σ_{i<n-t} (x_i - x̄)(x_{i+t} - x̄),
// the "biased" estimator Geyer (1992) recommends. It computes them through
// an FFT of the centred chain zero-padded to at least twice its length, so
// the circular correlation equals the linear one (Wiener–Khinchin), in
// O(n log n) rather than O(n²). A constant chain gives all zeros.
func (w *workspace) autocovariance(chain []float64) []float64 {
	n := len(chain)
	w.acov = grow(w.acov, n)
	var mean float64
	for _, v := range chain {
		mean += v
	}
	mean /= float64(n)
	constant := true
	for _, v := range chain {
		if v != chain[0] {
			constant = false
			break
		}
	}
	if constant {
		clear(w.acov)
		return w.acov
	}
	size := 2 * FFTSize(n)
	if w.fft == nil {
		w.fft = fourier.NewFFT(size)
	} else if w.fft.Len() != size {
		w.fft.Reset(size)
	}
	w.pad = grow(w.pad, size)
	for i, v := range chain {
		w.pad[i] = v - mean
	}
	clear(w.pad[n:])
	w.coef = grow(w.coef, size/2+1)
	w.fft.Coefficients(w.coef, w.pad)
	for i, c := range w.coef {
		w.coef[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
	}
	w.fft.Sequence(w.pad, w.coef)
	// Coefficients then Sequence multiplies by size; divide by n for the
	// biased estimator.
	scale := 1 / (float64(size) * float64(n))
	for t := range w.acov {
		w.acov[t] = w.pad[t] * scale
	}
	return w.acov
}
