package sampler

import "math"

// point is a point of phase space with what NUTS needs to keep of it: the
// position q, the momentum p, the gradient of log p at q and log p itself
// (Stan's ps_point, with V = -logp).
type point struct {
	q, p, grad []float64
	logp       float64
	buf        []float64 // q, p and grad, contiguous: one copy moves all three
	// idx is the point's place in its trajectory, in leapfrog steps from
	// the start (negative: backward), for nutpie's test of a draw.
	idx int
}

func newPoint(d int) point {
	buf := make([]float64, 3*d)
	return point{q: buf[:d:d], p: buf[d : 2*d : 2*d], grad: buf[2*d:], buf: buf}
}

// copyFrom sets z to o; a copy of a point is made at every leapfrog step
// (the subtree's proposal), hence the single copy of the whole buffer.
func (z *point) copyFrom(o *point) {
	copy(z.buf, o.buf)
	z.logp, z.idx = o.logp, o.idx
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
	if dm, ok := it.metric.(*diagMetric); ok {
		// The same operations as below, in one pass: the diagonal metric's
		// velocity is elementwise.
		inv, p, q := dm.inv[:len(z.grad)], z.p[:len(z.grad)], z.q[:len(z.grad)]
		for i, g := range z.grad {
			pi := p[i] + half*g
			p[i] = pi
			q[i] += eps * (inv[i] * pi)
		}
	} else {
		for i, g := range z.grad {
			z.p[i] += half * g
		}
		it.metric.sharp(it.v, z.p)
		for i, v := range it.v {
			z.q[i] += eps * v
		}
	}
	z.logp = it.k.LogDensityGrad(z.grad, z.q)
	for i, g := range z.grad {
		z.p[i] += half * g
	}
}

// energy writes pSharp = M^-1 z.p and returns hamiltonian(z, pSharp), in
// one pass for the diagonal metric (the same operations in the same order).
func (it *integrator) energy(z *point, pSharp []float64) float64 {
	dm, ok := it.metric.(*diagMetric)
	if !ok {
		it.metric.sharp(pSharp, z.p)
		return hamiltonian(z, pSharp)
	}
	inv, p, ps := dm.inv[:len(z.p)], z.p, pSharp[:len(z.p)]
	var k float64
	for i, v := range p {
		s := inv[i] * v
		ps[i] = s
		k += v * s
	}
	return energyOf(z.logp, k)
}

// energyOf is hamiltonian given p' M^-1 p.
func energyOf(logp, pp float64) float64 {
	if math.IsInf(logp, 0) || math.IsNaN(logp) {
		return math.Inf(1)
	}
	h := -logp + 0.5*pp
	if math.IsNaN(h) {
		return math.Inf(1)
	}
	return h
}

// leafEnergy is energy(z, pSharpBeg) followed by what a one-step subtree
// records of its point (buildTree at depth 0): pSharpEnd = pSharpBeg,
// pBeg = pEnd = z.p and rho += z.p. For the diagonal metric it is one pass
// of the same operations instead of five.
func (it *integrator) leafEnergy(z *point, pSharpBeg, pSharpEnd, pBeg, pEnd, rho []float64) float64 {
	dm, ok := it.metric.(*diagMetric)
	if !ok {
		h := it.energy(z, pSharpBeg)
		copy(pSharpEnd, pSharpBeg)
		addTo(rho, z.p)
		copy(pBeg, z.p)
		copy(pEnd, z.p)
		return h
	}
	n := len(z.p)
	inv, p := dm.inv[:n], z.p
	psb, pse, pb, pe, r := pSharpBeg[:n], pSharpEnd[:n], pBeg[:n], pEnd[:n], rho[:n]
	var k float64
	for i, v := range p {
		s := inv[i] * v
		psb[i], pse[i] = s, s
		pb[i], pe[i] = v, v
		r[i] += v
		k += v * s
	}
	return energyOf(z.logp, k)
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
