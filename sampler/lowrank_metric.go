package sampler

import (
	"fmt"
	"math"
)

// lowRankMetric is nutpie's low-rank modified mass matrix (Seyboldt,
// Carlson and Carpenter, arXiv 2603.18845; nuts-rs's LowRankMassMatrix):
//
//	M^-1 = S (I + U (Lambda - I) U') S,   S = diag(sigma), sigma_i = sqrt(inv_i)
//
// where the k columns u_j of U are orthonormal and lambda_j are their
// eigenvalues (k = 0 is the diagonal metric diag(inv)). Applying it costs
// O(d k), not O(d^2): p_sharp = S (x + U ((Lambda - I) U'x)) with x = S p.
// Momenta are drawn as p = S^-1 (z + U ((Lambda^-1/2 - I) U'z)), z ~ N(0, I),
// whose covariance is S^-1 (I + U (Lambda^-1 - I) U') S^-1 = M.
//
// Without directions it computes as diagMetric does, bit for bit, so that
// Stan's windows adapting it (adapter) draw Stan's draws until one
// of them installs directions.
type lowRankMetric struct {
	d          int
	inv, sigma []float64 // the diagonal D = sigma^2 and sigma
	scale      []float64 // 1 / sigma, as diagMetric's scale
	vals       []float64 // lambda_j, k of them
	vecs       []float64 // u_j, k rows of d
	coef       []float64 // scratch: k entries (capacity d)
	packed     []float64 // directions' packed form, rebuilt by directions
}

func newLowRankMetric(d int) *lowRankMetric {
	m := &lowRankMetric{d: d, inv: make([]float64, d), sigma: make([]float64, d), scale: make([]float64, d), coef: make([]float64, 0, d)}
	for i := range d {
		m.inv[i], m.sigma[i], m.scale[i] = 1, 1, 1
	}
	return m
}

func (m *lowRankMetric) sharp(dst, p []float64) {
	if len(m.vals) == 0 {
		(&diagMetric{inv: m.inv}).sharp(dst, p)
		return
	}
	d := m.d
	for i, s := range m.sigma {
		dst[i] = s * p[i]
	}
	coef := m.coef[:len(m.vals)]
	for j, l := range m.vals {
		coef[j] = (l - 1) * dot(m.vecs[j*d:j*d+d], dst[:d])
	}
	for j, c := range coef {
		u := m.vecs[j*d : j*d+d]
		for i, v := range u {
			dst[i] += c * v
		}
	}
	for i, s := range m.sigma {
		dst[i] *= s
	}
}

func (m *lowRankMetric) drawMomentum(p []float64, rng Source) {
	if len(m.vals) == 0 {
		(&diagMetric{scale: m.scale}).drawMomentum(p, rng)
		return
	}
	d := m.d
	for i := range d {
		p[i] = rng.NormFloat64()
	}
	coef := m.coef[:len(m.vals)]
	for j, l := range m.vals {
		coef[j] = (1/math.Sqrt(l) - 1) * dot(m.vecs[j*d:j*d+d], p[:d])
	}
	for j, c := range coef {
		u := m.vecs[j*d : j*d+d]
		for i, v := range u {
			p[i] += c * v
		}
	}
	for i, s := range m.sigma {
		p[i] /= s
	}
}

func (m *lowRankMetric) inverse() []float64 { return m.inv }

// directions returns the low-rank part packed as ChainState.LowRank holds
// it: for each direction its eigenvalue lambda_j, then u_j (d entries).
// The caller must not keep it.
func (m *lowRankMetric) directions() []float64 {
	b := m.packed[:0]
	for j, l := range m.vals {
		b = append(b, l)
		b = append(b, m.vecs[j*m.d:(j+1)*m.d]...)
	}
	m.packed = b
	return b
}

// set installs the diagonal inv (d entries, positive and finite) and the
// directions packed as directions returns them.
func (m *lowRankMetric) set(inv, packed []float64) error {
	d := m.d
	if len(inv) != d || len(packed)%(d+1) != 0 {
		return fmt.Errorf("a low-rank metric of %d coordinates needs %d diagonal entries and directions of %d numbers each: got %d and %d",
			d, d, d+1, len(inv), len(packed))
	}
	k := len(packed) / (d + 1)
	for j := range k {
		if l := packed[j*(d+1)]; !(l > 0) || math.IsInf(l, 1) {
			return fmt.Errorf("low-rank direction %d has eigenvalue %v: must be positive and finite", j+1, l)
		}
	}
	for i, v := range inv {
		if !(v > 0) || math.IsInf(v, 1) {
			return fmt.Errorf("low-rank metric: diagonal entry %d is %v: must be positive and finite", i, v)
		}
	}
	m.vals, m.vecs = m.vals[:0], m.vecs[:0]
	for j := range k {
		row := packed[j*(d+1) : (j+1)*(d+1)]
		m.vals = append(m.vals, row[0])
		m.vecs = append(m.vecs, row[1:]...)
	}
	for i, v := range inv {
		m.inv[i], m.sigma[i], m.scale[i] = v, math.Sqrt(v), 1/math.Sqrt(v)
	}
	return nil
}

// dense writes M^-1 as a d x d row-major matrix into dst: for tests and
// checks, O(d^2 k).
func (m *lowRankMetric) dense(dst []float64) {
	d := m.d
	for i := range d {
		for c := range d {
			v := 0.0
			if i == c {
				v = 1
			}
			for j, l := range m.vals {
				v += (l - 1) * m.vecs[j*d+i] * m.vecs[j*d+c]
			}
			dst[i*d+c] = m.sigma[i] * v * m.sigma[c]
		}
	}
}
