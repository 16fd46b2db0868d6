package sampler

import "math"

// point is a point of phase space with what NUTS needs to keep of it: the
// position q, the momentum p, the gradient of log p at q and log p itself
// (Stan's ps_point, with V = -logp).
type point struct {
	q, p, grad []float64
	logp       float64
}

func newPoint(d int) point {
	buf := make([]float64, 3*d)
	return point{q: buf[:d:d], p: buf[d : 2*d : 2*d], grad: buf[2*d:]}
}

func (z *point) copyFrom(o *point) {
	copy(z.q, o.q)
	copy(z.p, o.p)
	copy(z.grad, o.grad)
	z.logp = o.logp
}

// integrator is the explicit leapfrog of Stan's expl_leapfrog (Betancourt
// 2017, section 5.2; Neal 2011, "MCMC using Hamiltonian dynamics", eq. 5.18-5.20).
type integrator struct {
	k      Kernel
	metric metric
	v      []float64 // velocity scratch, M^-1 p at the half step
}

// step moves z by one leapfrog step of size eps (negative: backward in
// time): half step in p, full step in q, half step in p. When the log density
// is not finite at the new q the gradient is unspecified and so is the final
// p; hamiltonian then returns +Inf and the caller treats the step as divergent.
func (it *integrator) step(z *point, eps float64) {
	half := 0.5 * eps
	for i, g := range z.grad {
		z.p[i] += half * g
	}
	it.metric.sharp(it.v, z.p)
	for i, v := range it.v {
		z.q[i] += eps * v
	}
	z.logp = it.k.LogDensityGrad(z.grad, z.q)
	for i, g := range z.grad {
		z.p[i] += half * g
	}
}

// hamiltonian is H = -log p(q) + 0.5 p' M^-1 p with pSharp = M^-1 p. A
// non-finite log density or NaN energy gives +Inf, as Stan does when the
// model throws or H is NaN, so such points weigh nothing and count as
// divergent.
func hamiltonian(z *point, pSharp []float64) float64 {
	if math.IsInf(z.logp, 0) || math.IsNaN(z.logp) {
		return math.Inf(1)
	}
	h := -z.logp + kineticEnergy(z.p, pSharp)
	if math.IsNaN(h) {
		return math.Inf(1)
	}
	return h
}
