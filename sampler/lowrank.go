package sampler

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// LowRankMaxDim is the most unconstrained coordinates for which bayes
// sample adapts a low-rank metric by default (AutoAdaptation in package
// bayes); beyond it, a diagonal one. An update of the estimate costs
// O(d^3) there (lowRankUpdateEvery) and each leapfrog step O(d r) for r
// kept directions.
const LowRankMaxDim = 200

// Low-rank estimate settings (nuts-rs's LowRankSettings and nutpie's
// documented defaults).
const (
	// lowRankGamma regularises the covariances of the projected draws and
	// gradients: C = P P' / gamma + I.
	lowRankGamma = 1e-5
	// lowRankCutoff keeps the directions whose eigenvalue lies outside
	// [1/c, c]: the others change M^-1 too little to pay for their cost
	// per leapfrog step (nutpie's mass_matrix_eigval_cutoff, 2).
	lowRankCutoff = 2
	// lowRankUpdateEvery: between window switches the estimate is
	// recomputed after this many new draws, or after d for d coordinates
	// (lowRankUpdateInterval); nuts-rs recomputes it after every draw. An
	// update costs O(d n min(d, n) + r^3) for n draws and r = min(d, 2n),
	// measured here (gonum, one core) at 2 ms for d = 20 and 300 draws,
	// 27 ms for d = 100, 180 ms for d = 200: every 10 draws that would
	// outweigh the gradients of most models beyond a few tens of
	// coordinates.
	lowRankUpdateEvery = 10
)

// lowRankEstimate is nutpie's low-rank modified mass matrix estimate
// (nuts-rs's LowRankMassMatrixStrategy; the nutpie paper, section 4). It
// keeps the draws and gradients of the foreground window, the last of
// which are the background's, and estimates from the n foreground rows:
//
//  1. sigma_i = (Var x_i / Var g_i)^(1/4), the diagonal estimate's square
//     root, and the scaled centred rows x~ = (x - mean)/(sigma n),
//     g~ = (g - mean) sigma / n;
//  2. Q, an orthonormal basis of the span of the x~ and g~ (the left
//     singular vectors of [X~ G~] with non-negligible singular values);
//  3. C_x = Q'X~ X~'Q / gamma + I and C_g likewise, in that basis;
//  4. Sigma = the geometric mean of C_x and C_g^-1,
//     C_g^-1/2 (C_g^1/2 C_x C_g^1/2)^1/2 C_g^-1/2, the SPD matrix that
//     maps the gradients' covariance onto the draws' (for a Gaussian
//     posterior, its covariance);
//  5. its eigenpairs (lambda, Q v) with lambda outside [1/2, 2].
//
// M^-1 is then S (I + U (Lambda - I) U') S with S = diag(sigma).
type lowRankEstimate struct {
	d            int
	draws, grads []float64 // rows of d, oldest first
	split        int       // rows before this one are the foreground's alone
	lastRows     int       // foreground rows at the last update, -1 before it
	inv          []float64
	packed       []float64
}

func newLowRankEstimate(d int) *lowRankEstimate {
	return &lowRankEstimate{d: d, lastRows: -1, inv: make([]float64, d)}
}

func (e *lowRankEstimate) rows() int { return len(e.draws) / e.d }

func (e *lowRankEstimate) start(m metric, q, grad []float64) error {
	gradientStart(e.inv, grad)
	if err := m.(*lowRankMetric).set(e.inv, nil); err != nil {
		return err
	}
	e.add(q, grad)
	return nil
}

func (e *lowRankEstimate) add(q, grad []float64) {
	e.draws = append(e.draws, q...)
	e.grads = append(e.grads, grad...)
}

func (e *lowRankEstimate) background() int { return e.rows() - e.split }

// switchWindows drops the rows that were the foreground's alone.
func (e *lowRankEstimate) switchWindows() {
	drop := e.split * e.d
	e.draws = append(e.draws[:0], e.draws[drop:]...)
	e.grads = append(e.grads[:0], e.grads[drop:]...)
	e.split = e.rows()
	e.lastRows = -1
}

// lowRankUpdateInterval is the number of new draws after which the
// estimate of d coordinates is recomputed between window switches.
func lowRankUpdateInterval(d int) int { return max(lowRankUpdateEvery, d) }

// update fits the metric to the foreground's rows; in the early phase its
// diagonal alone. The early phase is where a chain travels to the typical
// set: its draws say little of the posterior's correlations, and from a
// far start (arma11's seed 1 at log density -1.7e101) the directions they
// give scale M^-1 along the gradient by 1e-67, so that the chain never
// arrives.
func (e *lowRankEstimate) update(m metric, force, early bool) (bool, error) {
	n := e.rows()
	if n < nutpieMinDraws || !force && e.lastRows >= 0 && n-e.lastRows < lowRankUpdateInterval(e.d) {
		return false, nil
	}
	e.lastRows = n
	lm := m.(*lowRankMetric)
	e.packed = lowRankFit(e.inv, e.packed[:0], e.draws, e.grads, n, e.d, lm.sigma, !early)
	return true, lm.set(e.inv, e.packed)
}

// lowRankFit estimates the low-rank modified metric from n rows of draws
// and gradients (row-major, n x d): it writes the diagonal into inv and
// appends the kept directions, packed as lowRankMetric.directions, to
// packed (none unless directions). A coordinate whose variances give no finite positive scale keeps
// its scale from cur; when the decomposition fails or is not finite, no
// direction is kept.
func lowRankFit(inv, packed, draws, grads []float64, n, d int, cur []float64, directions bool) []float64 {
	sigma := make([]float64, d)
	var x *mat.Dense // [X~ G~]
	if directions {
		x = mat.NewDense(d, 2*n, nil)
	}
	for i := range d {
		var mx, mg float64
		for k := range n {
			mx += draws[k*d+i]
			mg += grads[k*d+i]
		}
		mx /= float64(n)
		mg /= float64(n)
		var sx, sg float64
		for k := range n {
			a, b := draws[k*d+i]-mx, grads[k*d+i]-mg
			sx += a * a
			sg += b * b
		}
		inv[i] = diagGradScale(sx, sg, cur[i]*cur[i]) // sx/sg = Var x / Var g
		s := math.Sqrt(inv[i])
		sigma[i] = s
		if x == nil {
			continue
		}
		for k := range n {
			x.Set(i, k, (draws[k*d+i]-mx)/(s*float64(n)))
			x.Set(i, n+k, (grads[k*d+i]-mg)*s/float64(n))
		}
	}
	if x == nil {
		return packed
	}
	vals, vecs, ok := lowRankDirections(x, n, d)
	if !ok {
		return packed
	}
	for j, l := range vals {
		if l > lowRankCutoff || l < 1.0/lowRankCutoff {
			packed = append(packed, l)
			for i := range d {
				packed = append(packed, vecs.At(i, j))
			}
		}
	}
	return packed
}

// lowRankDirections returns the eigenvalues of Sigma (steps 2 to 5 of
// lowRankEstimate) and its eigenvectors in the original coordinates, as
// the columns of a d x r matrix; ok is false when a decomposition fails or
// a result is not finite.
func lowRankDirections(xg *mat.Dense, n, d int) ([]float64, *mat.Dense, bool) {
	var svd mat.SVD
	if !svd.Factorize(xg, mat.SVDThinU) {
		return nil, nil, false
	}
	s := svd.Values(nil)
	var u mat.Dense
	svd.UTo(&u)
	r := 0
	for _, v := range s {
		if v > s[0]*1e-10 {
			r++
		}
	}
	if r == 0 {
		return nil, nil, false
	}
	q := u.Slice(0, d, 0, r)
	var px, pg mat.Dense
	px.Mul(q.T(), xg.Slice(0, d, 0, n))
	pg.Mul(q.T(), xg.Slice(0, d, n, 2*n))
	cx, cg := regularisedCov(&px, r), regularisedCov(&pg, r)
	sigma, ok := spdMean(cx, cg, r)
	if !ok {
		return nil, nil, false
	}
	var es mat.EigenSym
	if !es.Factorize(sigma, true) {
		return nil, nil, false
	}
	vals := es.Values(nil)
	var w, vecs mat.Dense
	es.VectorsTo(&w)
	vecs.Mul(q, &w)
	for _, v := range vals {
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, nil, false
		}
	}
	for _, v := range vecs.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, false
		}
	}
	return vals, &vecs, true
}

// regularisedCov is P P' / gamma + I for the r x n matrix P.
func regularisedCov(p *mat.Dense, r int) *mat.SymDense {
	c := mat.NewSymDense(r, nil)
	c.SymOuterK(1/lowRankGamma, p)
	for i := range r {
		c.SetSym(i, i, c.At(i, i)+1)
	}
	return c
}

// spdMean is the geometric mean of the SPD matrices A and B^-1,
// B^-1/2 (B^1/2 A B^1/2)^1/2 B^-1/2: the unique SPD S with S B S = A.
func spdMean(a, b *mat.SymDense, r int) (*mat.SymDense, bool) {
	bHalf, ok := symPow(b, r, 0.5)
	if !ok {
		return nil, false
	}
	bInvHalf, ok := symPow(b, r, -0.5)
	if !ok {
		return nil, false
	}
	var t, mid mat.Dense
	t.Mul(bHalf, a)
	mid.Mul(&t, bHalf)
	midHalf, ok := symPow(symmetric(&mid, r), r, 0.5)
	if !ok {
		return nil, false
	}
	t.Reset()
	t.Mul(bInvHalf, midHalf)
	var out mat.Dense
	out.Mul(&t, bInvHalf)
	return symmetric(&out, r), true
}

// symPow is A^p for a symmetric positive definite A, V diag(lambda^p) V',
// through its eigendecomposition.
func symPow(a *mat.SymDense, r int, p float64) (*mat.SymDense, bool) {
	var es mat.EigenSym
	if !es.Factorize(a, true) {
		return nil, false
	}
	vals := es.Values(nil)
	var v, scaled, out mat.Dense
	es.VectorsTo(&v)
	scaled.CloneFrom(&v)
	for k, l := range vals {
		if !(l > 0) {
			return nil, false
		}
		f := math.Pow(l, p)
		for i := range r {
			scaled.Set(i, k, f*v.At(i, k))
		}
	}
	out.Mul(&scaled, v.T())
	return symmetric(&out, r), true
}

// symmetric is (M + M')/2, which rounding keeps from being exactly M.
func symmetric(m *mat.Dense, r int) *mat.SymDense {
	s := mat.NewSymDense(r, nil)
	for i := range r {
		for j := i; j < r; j++ {
			s.SetSym(i, j, 0.5*(m.At(i, j)+m.At(j, i)))
		}
	}
	return s
}
