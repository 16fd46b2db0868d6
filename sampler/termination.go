package sampler

// noUTurn is the generalised no-U-turn criterion (Betancourt 2017,
// arXiv:1701.02434, appendix A.4.2; Stan's base_nuts::compute_criterion): a
// trajectory segment whose momenta sum to rho, with sharp momenta
// p_sharp = M^-1 p at its two ends, may keep growing while both ends still
// move along rho.
func noUTurn(pSharpMinus, pSharpPlus, rho []float64) bool {
	return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0
}

// mergedNoUTurn sets rho = rhoA + rhoB, the summed momentum of a
// trajectory made of an earlier segment (summed momentum rhoA, sharp momenta
// pSharpA0 at its outer end and pSharpA1 where it meets the later one) and a
// later segment (rhoB; pB0/pSharpB0 where it meets the earlier one, pSharpB1
// at its outer end), and checks it. Beside the criterion over the whole, it
// applies the extra checks Stan added in 2.21 and 2.23 (stan-dev/stan#2800)
// so that a U-turn hidden at the seam of two subtrees is caught: over the
// earlier segment plus the first point of the later one (rhoA + pB0), and
// over the later segment plus the last point of the earlier one (rhoB +
// pA1). pA1 is the momentum at the earlier segment's inner end.
//
// The six dot products run in one loop with one accumulator each: each sums
// in index order, exactly as noUTurn's would, but the six dependency chains
// overlap instead of running one after another (at d = 10 each is a chain
// of ten dependent additions, and these checks were a seventh of a
// transition's time).
func mergedNoUTurn(rho, rhoA, pSharpA0, pA1, pSharpA1, rhoB, pB0, pSharpB0, pSharpB1 []float64) bool {
	n := len(rho)
	rhoA, pSharpA0, pA1, pSharpA1 = rhoA[:n], pSharpA0[:n], pA1[:n], pSharpA1[:n]
	rhoB, pB0, pSharpB0, pSharpB1 = rhoB[:n], pB0[:n], pSharpB0[:n], pSharpB1[:n]
	var whole0, whole1, seamA0, seamA1, seamB0, seamB1 float64
	for i := range rho {
		r := rhoA[i] + rhoB[i]
		rho[i] = r
		ra := rhoA[i] + pB0[i]
		rb := rhoB[i] + pA1[i]
		whole0 += pSharpA0[i] * r
		whole1 += pSharpB1[i] * r
		seamA0 += pSharpA0[i] * ra
		seamA1 += pSharpB0[i] * ra
		seamB0 += pSharpA1[i] * rb
		seamB1 += pSharpB1[i] * rb
	}
	return whole1 > 0 && whole0 > 0 && seamA1 > 0 && seamA0 > 0 && seamB1 > 0 && seamB0 > 0
}

// addTo sets dst += a.
func addTo(dst, a []float64) {
	for i, v := range a {
		dst[i] += v
	}
}
