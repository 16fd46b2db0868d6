package sampler

import "math"

// takeNew decides whether a proposal drawn from a new stretch of trajectory
// with log weight logWeightNew replaces the current one, whose comparison
// weight is logWeightRef: always when the new weight is larger, otherwise with
// probability exp(logWeightNew - logWeightRef). The uniform is drawn only in
// the second case, as in Stan, so the random stream is consumed as Stan
// consumes its own.
//
// Inside a subtree Stan calls it with the weight of the whole merged subtree
// as reference: multinomial (uniform progressive) sampling. At the top level it
// uses the weight of the old trajectory only: biased progressive sampling,
// which favours the newer, farther points (Betancourt 2017, appendix A.3.2).
func takeNew(rng Source, logWeightNew, logWeightRef float64) bool {
	if logWeightNew > logWeightRef {
		return true
	}
	return rng.Float64() < math.Exp(logWeightNew-logWeightRef)
}

// logSumExp returns log(exp(a) + exp(b)) without overflow; -Inf is the
// weight of an empty trajectory and of an infinite-energy point.
func logSumExp(a, b float64) float64 {
	switch {
	case math.IsInf(a, -1):
		return b
	case math.IsInf(b, -1):
		return a
	case a > b:
		return a + math.Log1p(math.Exp(b-a))
	default:
		return b + math.Log1p(math.Exp(a-b))
	}
}
