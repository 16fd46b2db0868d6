package dists

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
)

// StdNormal is std_normal(), normal(0, 1): normal's kernel with location 0
// and scale 1 filled in (Stan Functions Reference, "Standard normal
// distribution").
var StdNormal = &library.Dist{
	Name:     "std_normal",
	Support:  "R",
	Lpdf:     NormalLpdf,
	Lcdf:     normalLcdf,
	Lccdf:    normalLccdf,
	Fill:     []float64{0, 1},
	Terms:    normalTerms,
	Rng:      func(r *rand.Rand, _ []float64) float64 { return r.NormFloat64() },
	CDF:      func(x float64, _ []float64) float64 { return distuv.UnitNormal.CDF(x) },
	Quantile: func(u float64, _ []float64) float64 { return distuv.UnitNormal.Quantile(u) },
	Moments:  func([]float64) (float64, float64) { return 0, 1 },
}

func init() { register(StdNormal) }
