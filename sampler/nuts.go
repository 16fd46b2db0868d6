package sampler

import "math"

// nuts is one chain's No-U-Turn sampler: the multinomial variant with the
// generalised criterion that Stan 2.2x runs (Hoffman & Gelman 2014;
// Betancourt 2017, arXiv:1701.02434, appendix A; Stan's base_nuts.hpp).
// Every buffer is allocated by newNUTS so that a transition allocates
// nothing.
type nuts struct {
	integrator
	rng      Source
	stepsize float64
	maxDepth int

	// cur is the chain's state. During a transition it doubles as Stan's
	// z_sample: the proposal kept so far.
	cur point
	// zFwd and zBck are the two ends of the trajectory; zPropose receives
	// each new subtree's proposal.
	zFwd, zBck, zPropose point

	// Momenta and sharp momenta at the ends of the backward and forward
	// segments of the trajectory, named as in Stan: pFwdBck is the momentum at
	// the backward end of the forward segment.
	pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck []float64
	pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck []float64
	// rho sums the momenta along the trajectory (Betancourt 2017, A.4.2).
	rho, rhoFwd, rhoBck, tmp []float64

	levels []treeLevel // scratch of buildTree, one per depth

	// Per-transition accumulators.
	h0           float64
	nLeapfrog    int
	sumMetroProb float64
	divergent    bool
}

// treeLevel is the scratch of one level of buildTree's recursion. A call at
// depth d uses levels[d] only, and reads it only after its children (which
// use lower levels) return.
type treeLevel struct {
	zProposeFinal                    point
	pInitEnd, pSharpInitEnd, rhoInit []float64
	pFinalBeg, pSharpFinalBeg        []float64
	rhoFinal, rhoSubtree             []float64
}

func newNUTS(k Kernel, m metric, rng Source, maxDepth int) *nuts {
	d := k.Dim()
	vec := func() []float64 { return make([]float64, d) }
	s := &nuts{
		integrator: integrator{k: k, metric: m, v: vec()},
		rng:        rng,
		stepsize:   1,
		maxDepth:   maxDepth,
		cur:        newPoint(d), zFwd: newPoint(d), zBck: newPoint(d), zPropose: newPoint(d),
		pFwdFwd: vec(), pSharpFwdFwd: vec(), pFwdBck: vec(), pSharpFwdBck: vec(),
		pBckFwd: vec(), pSharpBckFwd: vec(), pBckBck: vec(), pSharpBckBck: vec(),
		rho: vec(), rhoFwd: vec(), rhoBck: vec(), tmp: vec(),
		levels: make([]treeLevel, maxDepth),
	}
	for i := 1; i < maxDepth; i++ {
		s.levels[i] = treeLevel{
			zProposeFinal: newPoint(d),
			pInitEnd:      vec(), pSharpInitEnd: vec(), rhoInit: vec(),
			pFinalBeg: vec(), pSharpFinalBeg: vec(),
			rhoFinal: vec(), rhoSubtree: vec(),
		}
	}
	return s
}

// transition moves cur by one NUTS transition and returns its statistics.
// It follows Stan's base_nuts::transition: fresh momentum, then doublings in
// random directions until the no-U-turn criterion fails across the merged
// trajectory or its seams, a subtree is invalid (U-turn or divergence
// inside), or maxDepth doublings were made. accept_stat__ is the mean over
// every leapfrog step of min(1, exp(H0 - H)), rejected subtrees included.
func (s *nuts) transition() Stats {
	z := &s.cur
	z.idx = 0
	s.metric.drawMomentum(z.p, s.rng)
	s.metric.sharp(s.pSharpFwdFwd, z.p)
	s.zFwd.copyFrom(z)
	s.zBck.copyFrom(z)
	for _, v := range [][]float64{s.pFwdFwd, s.pFwdBck, s.pBckFwd, s.pBckBck, s.rho} {
		copy(v, z.p)
	}
	for _, v := range [][]float64{s.pSharpFwdBck, s.pSharpBckFwd, s.pSharpBckBck} {
		copy(v, s.pSharpFwdFwd)
	}

	logSumWeight := 0.0 // log(exp(H0 - H0))
	s.h0 = hamiltonian(z, s.pSharpFwdFwd)
	s.nLeapfrog, s.sumMetroProb, s.divergent = 0, 0, false

	depth := 0
	for depth < s.maxDepth {
		clear(s.rhoFwd)
		clear(s.rhoBck)
		var logSumWeightSubtree float64
		var valid bool
		if s.rng.Float64() > 0.5 {
			// Extend forward: the whole old trajectory becomes the backward segment.
			copy(s.rhoBck, s.rho)
			copy(s.pBckFwd, s.pFwdFwd)
			copy(s.pSharpBckFwd, s.pSharpFwdFwd)
			logSumWeightSubtree, valid = s.buildTree(&s.zFwd, depth, &s.zPropose,
				s.pSharpFwdBck, s.pSharpFwdFwd, s.rhoFwd, s.pFwdBck, s.pFwdFwd, 1)
		} else {
			// Extend backward: the old trajectory becomes the forward segment.
			copy(s.rhoFwd, s.rho)
			copy(s.pFwdBck, s.pBckBck)
			copy(s.pSharpFwdBck, s.pSharpBckBck)
			logSumWeightSubtree, valid = s.buildTree(&s.zBck, depth, &s.zPropose,
				s.pSharpBckFwd, s.pSharpBckBck, s.rhoBck, s.pBckFwd, s.pBckBck, -1)
		}
		if !valid {
			break
		}
		depth++

		if takeNew(s.rng, logSumWeightSubtree, logSumWeight) {
			z.copyFrom(&s.zPropose)
		}
		logSumWeight = logSumExp(logSumWeight, logSumWeightSubtree)

		if !mergedNoUTurn(s.rho,
			s.rhoBck, s.pSharpBckBck, s.pBckFwd, s.pSharpBckFwd,
			s.rhoFwd, s.pFwdBck, s.pSharpFwdBck, s.pSharpFwdFwd) {
			break
		}
	}

	s.metric.sharp(s.tmp, z.p)
	return Stats{
		LP:         z.logp,
		AcceptStat: s.sumMetroProb / float64(s.nLeapfrog),
		Stepsize:   s.stepsize,
		Treedepth:  depth,
		NLeapfrog:  s.nLeapfrog,
		Divergent:  s.divergent,
		Energy:     hamiltonian(z, s.tmp),
	}
}

// buildTree integrates 2^depth leapfrog steps from z in direction sign,
// leaving z at the far end, and reports the subtree's log weight
// (log sum of exp(H0 - H) over its points) and whether it is valid: no
// divergence and no U-turn in it or in any of its subtrees. It writes the
// subtree's multinomial proposal into zPropose, its summed momentum into rho
// (added), and the momenta and sharp momenta at its first (beg) and last
// (end) points in the direction of integration (Stan's base_nuts::build_tree).
func (s *nuts) buildTree(z *point, depth int, zPropose *point,
	pSharpBeg, pSharpEnd, rho, pBeg, pEnd []float64, sign float64) (float64, bool) {
	if depth == 0 {
		s.step(z, sign*s.stepsize)
		z.idx += int(sign)
		s.nLeapfrog++
		h := s.leafEnergy(z, pSharpBeg, pSharpEnd, pBeg, pEnd, rho)
		if h-s.h0 > MaxDeltaH {
			s.divergent = true
		}
		if s.h0-h > 0 {
			s.sumMetroProb++
		} else {
			s.sumMetroProb += math.Exp(s.h0 - h)
		}
		zPropose.copyFrom(z)
		return s.h0 - h, !s.divergent
	}

	lvl := &s.levels[depth]
	clear(lvl.rhoInit)
	logSumWeightInit, valid := s.buildTree(z, depth-1, zPropose,
		pSharpBeg, lvl.pSharpInitEnd, lvl.rhoInit, pBeg, lvl.pInitEnd, sign)
	if !valid {
		return 0, false
	}
	clear(lvl.rhoFinal)
	logSumWeightFinal, valid := s.buildTree(z, depth-1, &lvl.zProposeFinal,
		lvl.pSharpFinalBeg, pSharpEnd, lvl.rhoFinal, lvl.pFinalBeg, pEnd, sign)
	if !valid {
		return 0, false
	}

	logSumWeight := logSumExp(logSumWeightInit, logSumWeightFinal)
	if takeNew(s.rng, logSumWeightFinal, logSumWeight) {
		zPropose.copyFrom(&lvl.zProposeFinal)
	}

	noUTurn := mergedNoUTurn(lvl.rhoSubtree,
		lvl.rhoInit, pSharpBeg, lvl.pInitEnd, lvl.pSharpInitEnd,
		lvl.rhoFinal, lvl.pFinalBeg, lvl.pSharpFinalBeg, pSharpEnd)
	addTo(rho, lvl.rhoSubtree)
	return logSumWeight, noUTurn
}
