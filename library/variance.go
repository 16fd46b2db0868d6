package library

// Mean is the arithmetic mean Σ x_i / n (Stan's mean), summed in order.
func Mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// Variance is the sample variance Σ (x_i - mean)² / (n - 1) (Stan's
// variance, R's var), in two passes so that a large common offset costs no
// accuracy; one value gives NaN (0/0). It has no C body: no op computes it
// on a device.
func Variance(x []float64) float64 {
	m, s := Mean(x), 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s / float64(len(x)-1)
}
