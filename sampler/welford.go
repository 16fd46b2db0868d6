package sampler

// welford accumulates the sample mean and the sum of squared deviations
// (diagonal only, or the full matrix) of the draws of one adaptation window,
// one draw at a time (Welford 1962; Stan's welford_var_estimator and
// welford_covar_estimator).
type welford struct {
	dense bool
	n     int
	mean  []float64
	m2    []float64 // d entries, or d x d row-major when dense
	delta []float64
}

func newWelford(d int, dense bool) *welford {
	m2 := d
	if dense {
		m2 = d * d
	}
	return &welford{dense: dense, mean: make([]float64, d), m2: make([]float64, m2), delta: make([]float64, d)}
}

func (w *welford) restart() {
	w.n = 0
	clear(w.mean)
	clear(w.m2)
}

func (w *welford) add(q []float64) {
	w.n++
	d := len(q)
	for i, v := range q {
		w.delta[i] = v - w.mean[i]
		w.mean[i] += w.delta[i] / float64(w.n)
	}
	if !w.dense {
		for i, v := range q {
			w.m2[i] += (v - w.mean[i]) * w.delta[i]
		}
		return
	}
	for i, v := range q {
		a := v - w.mean[i]
		row := w.m2[i*d : i*d+d]
		for j := range row {
			row[j] += a * w.delta[j]
		}
	}
}

// variance writes the sample (co)variance m2/(n-1) into dst; with fewer than
// two draws it leaves dst unchanged, as Stan does.
func (w *welford) variance(dst []float64) {
	if w.n < 2 {
		return
	}
	for i, v := range w.m2 {
		dst[i] = v / float64(w.n-1)
	}
}
