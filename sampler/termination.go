package sampler

// noUTurn is the generalised no-U-turn criterion (Betancourt 2017,
// arXiv:1701.02434, appendix A.4.2; Stan's base_nuts::compute_criterion): a
// trajectory segment whose momenta sum to rho, with sharp momenta
// p_sharp = M^-1 p at its two ends, may keep growing while both ends still
// move along rho.
func noUTurn(pSharpMinus, pSharpPlus, rho []float64) bool {
	return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0
}

// mergedNoUTurn checks a trajectory made of an earlier segment (summed
// momentum rhoA, sharp momenta pSharpA0 at its outer end and pSharpA1 where it
// meets the later one) and a later segment (rhoB; pB0/pSharpB0 where it meets
// the earlier one, pSharpB1 at its outer end). Beside the criterion over the
// whole (rho = rhoA + rhoB), it applies the extra checks Stan added in 2.21
// and 2.23 (stan-dev/stan#2800) so that a U-turn hidden at the seam of two
// subtrees is caught: over the earlier segment plus the first point of the
// later one, and over the later segment plus the last point of the earlier
// one. pA1 is the momentum at the earlier segment's inner end. tmp is
// scratch of the same length.
func mergedNoUTurn(rho, tmp, rhoA, pSharpA0, pA1, pSharpA1, rhoB, pB0, pSharpB0, pSharpB1 []float64) bool {
	if !noUTurn(pSharpA0, pSharpB1, rho) {
		return false
	}
	sumInto(tmp, rhoA, pB0)
	if !noUTurn(pSharpA0, pSharpB0, tmp) {
		return false
	}
	sumInto(tmp, rhoB, pA1)
	return noUTurn(pSharpA1, pSharpB1, tmp)
}

// sumInto sets dst = a + b.
func sumInto(dst, a, b []float64) {
	for i, v := range a {
		dst[i] = v + b[i]
	}
}

// addTo sets dst += a.
func addTo(dst, a []float64) {
	for i, v := range a {
		dst[i] += v
	}
}
