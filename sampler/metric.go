package sampler

import (
	"errors"
	"math"
)

// Metric selects the Euclidean metric of the Hamiltonian: the kinetic energy
// is 0.5 p' M^-1 p and momenta are drawn from N(0, M). Stan adapts the
// inverse metric M^-1 (Stan Reference Manual, "HMC algorithm parameters",
// "Euclidean metric").
type Metric uint8

const (
	Diag  Metric = iota // diagonal M^-1 (Stan's diag_e, the default)
	Dense               // full M^-1 (Stan's dense_e)
	Unit                // M = I, never adapted (Stan's unit_e)
	// LowRank is nutpie's low-rank modified diagonal M^-1 =
	// D^1/2 (I + U (Lambda - I) U') D^1/2, estimated from draws and
	// gradients (Config.Adapt must be AdaptNutpie; lowrank_metric.go).
	LowRank
)

// String gives Stan's name for the metric, as CmdStan writes it.
func (m Metric) String() string {
	switch m {
	case Diag:
		return "diag_e"
	case Dense:
		return "dense_e"
	case Unit:
		return "unit_e"
	case LowRank:
		return "low_rank_e"
	}
	return "unknown"
}

// metric is one of the Euclidean metrics. Implementations own their
// buffers; none allocates.
type metric interface {
	// sharp writes p_sharp = dtau/dp = M^-1 p into dst (Betancourt 2017,
	// appendix A.4.2).
	sharp(dst, p []float64)
	// drawMomentum overwrites p with a draw from N(0, M).
	drawMomentum(p []float64, rng Source)
	// inverse returns M^-1 as Stan prints it: diagonal entries for unit and
	// diag, rows of the d x d matrix for dense; for low rank, the diagonal
	// D (its directions are lowRankMetric.directions). The caller must not
	// keep it.
	inverse() []float64
}

// newMetric returns the identity inverse metric of kind m in d dimensions,
// Stan's starting point.
func newMetric(m Metric, d int) metric {
	switch m {
	case Dense:
		dm := &denseMetric{d: d, inv: make([]float64, d*d), chol: make([]float64, d*d)}
		for i := range d {
			dm.inv[i*d+i] = 1
			dm.chol[i*d+i] = 1
		}
		return dm
	case LowRank:
		return newLowRankMetric(d)
	case Unit:
		um := &unitMetric{ones: make([]float64, d)}
		for i := range um.ones {
			um.ones[i] = 1
		}
		return um
	default:
		dm := &diagMetric{inv: make([]float64, d), scale: make([]float64, d)}
		for i := range d {
			dm.inv[i], dm.scale[i] = 1, 1
		}
		return dm
	}
}

// unitMetric is M = I.
type unitMetric struct{ ones []float64 }

func (m *unitMetric) sharp(dst, p []float64) { copy(dst, p) }

func (m *unitMetric) drawMomentum(p []float64, rng Source) {
	for i := range p {
		p[i] = rng.NormFloat64()
	}
}

func (m *unitMetric) inverse() []float64 { return m.ones }

// diagMetric is M^-1 = diag(inv); scale holds 1/sqrt(inv), the standard
// deviations of the momenta.
type diagMetric struct{ inv, scale []float64 }

func (m *diagMetric) sharp(dst, p []float64) {
	for i, v := range m.inv {
		dst[i] = v * p[i]
	}
}

func (m *diagMetric) drawMomentum(p []float64, rng Source) {
	for i, s := range m.scale {
		p[i] = s * rng.NormFloat64()
	}
}

func (m *diagMetric) inverse() []float64 { return m.inv }

// set replaces M^-1 by diag(inv).
func (m *diagMetric) set(inv []float64) {
	copy(m.inv, inv)
	for i, v := range inv {
		m.scale[i] = 1 / math.Sqrt(v)
	}
}

// denseMetric is a full M^-1 (row-major inv) with its lower Cholesky factor
// chol, M^-1 = L L'.
type denseMetric struct {
	d         int
	inv, chol []float64
}

func (m *denseMetric) sharp(dst, p []float64) {
	d := m.d
	for i := range d {
		row := m.inv[i*d : i*d+d]
		s := 0.0
		for j, v := range row {
			s += v * p[j]
		}
		dst[i] = s
	}
}

// drawMomentum solves L' p = u for u ~ N(0, I), so that
// cov(p) = (L L')^-1 = M, as Stan's dense_e_metric does.
func (m *denseMetric) drawMomentum(p []float64, rng Source) {
	d := m.d
	for i := range p {
		p[i] = rng.NormFloat64()
	}
	// Back substitution on the upper-triangular L'; (L')_ij = L_ji.
	for i := d - 1; i >= 0; i-- {
		s := p[i]
		for j := i + 1; j < d; j++ {
			s -= m.chol[j*d+i] * p[j]
		}
		p[i] = s / m.chol[i*d+i]
	}
}

func (m *denseMetric) inverse() []float64 { return m.inv }

// errNotPositiveDefinite reports an adapted dense inverse metric that has no
// Cholesky factor.
var errNotPositiveDefinite = errors.New("the adapted dense inverse metric is not positive definite")

// set replaces M^-1 by inv (row-major) and refactors it.
func (m *denseMetric) set(inv []float64) error {
	copy(m.inv, inv)
	return cholesky(m.chol, m.inv, m.d)
}

// cholesky writes the lower factor L of the symmetric positive-definite a
// (row-major, d x d) into l, zeroing the upper triangle (Cholesky-Banachiewicz).
func cholesky(l, a []float64, d int) error {
	clear(l)
	for i := range d {
		for j := 0; j <= i; j++ {
			s := a[i*d+j]
			for k := range j {
				s -= l[i*d+k] * l[j*d+k]
			}
			if i == j {
				if !(s > 0) {
					return errNotPositiveDefinite
				}
				l[i*d+i] = math.Sqrt(s)
			} else {
				l[i*d+j] = s / l[j*d+j]
			}
		}
	}
	return nil
}

// kineticEnergy is 0.5 p' M^-1 p given p_sharp = M^-1 p.
func kineticEnergy(p, pSharp []float64) float64 { return 0.5 * dot(p, pSharp) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}
