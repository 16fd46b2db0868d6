package mvdists

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference row of wiener: its log density by the textbook series,
// summed long and plainly, independently of the kernel's (wienerRef); the
// moments of its rng by the EZ diffusion model's closed forms; and
// (wiener_test.go) the values of RWiener that Stan Math's tests record.

func init() { mvReferences["wiener"] = wienerReference }

// wienerRef is log wiener(y | α, τ, β, δ) = -2 log α + δα(1-β) - δ²t/2 +
// log h(t/α², 1-β), t = y - τ, with h(u, w) by Navarro and Fuss's eq. 6,
// (2πu³)^(-1/2) Σ_{k=-60}^{60} (w+2k) exp(-(w+2k)²/2u), the images unpaired,
// for u < 0.7, else by their eq. 3, π Σ_{k=1}^{200} k exp(-k²π²u/2)
// sin(kπw): another switch point, other forms and far more terms than the
// kernel's (library/dists/wiener.go), each accurate to double at the
// arguments drawn (β in (0.2, 0.8)).
func wienerRef(y, alpha, tau, beta, delta float64) float64 {
	t := y - tau
	u, w := t/(alpha*alpha), 1-beta
	var h float64
	if u < 0.7 {
		for k := -60; k <= 60; k++ {
			a := w + 2*float64(k)
			h += a * math.Exp(-a*a/(2*u))
		}
		h /= math.Sqrt(2 * math.Pi * u * u * u)
	} else {
		for k := 1; k <= 200; k++ {
			fk := float64(k)
			h += fk * math.Exp(-fk*fk*math.Pi*math.Pi*u/2) * math.Sin(fk*math.Pi*w)
		}
		h *= math.Pi
	}
	return -2*math.Log(alpha) + delta*alpha*w - delta*delta*t/2 + math.Log(h)
}

// wienerEZ are the mean and variance of the first passage time given the
// upper boundary, started midway (β = 1/2, where the time does not depend
// on the boundary), drift δ ≠ 0, by the EZ diffusion model (Wagenmakers,
// van der Maas and Grasman 2007, "An EZ-diffusion model for response time
// and accuracy", Psychon. Bull. Rev. 14, eqs. 6 and 7, s = 1, y = -δα):
// MDT = α/(2δ) (1-e^y)/(1+e^y), VRT = α/(2δ³) (2y e^y - e^2y + 1)/(e^y+1)².
func wienerEZ(alpha, delta float64) (mean, variance float64) {
	y := -delta * alpha
	ey := math.Exp(y)
	return alpha / (2 * delta) * (1 - ey) / (1 + ey),
		alpha / (2 * delta * delta * delta) * (2*y*ey - ey*ey + 1) / ((ey + 1) * (ey + 1))
}

var wienerReference = func() librarytest.MvReference {
	ezMean, ezVar := wienerEZ(1.5, 0.8)
	scalar := library.Scalar
	return librarytest.MvReference{
		Src: "the series of Navarro and Fuss (2009), eqs. 3 and 6, 121 images or 200 terms",
		// the outcomes at t = y - τ in (0.05, 3), α in (0.8, 2.5): u = t/α²
		// in (0.008, 4.7), both sides of the kernel's switch at 0.3
		Cases: func(r *rand.Rand) []library.Tensor {
			draw := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
			if r.IntN(2) == 0 {
				tau := draw(0, 0.5)
				return []library.Tensor{librarytest.Vec(tau+draw(0.05, 0.3), tau+draw(0.3, 1), tau+draw(1, 3)),
					scalar(draw(0.8, 2.5)), scalar(tau), scalar(draw(0.2, 0.8)), scalar(draw(-2, 2))}
			}
			var cols [5][]float64
			for range 3 {
				alpha, tau := draw(0.8, 2.5), draw(0, 0.5)
				for i, x := range []float64{tau + draw(0.05, 3), alpha, tau, draw(0.2, 0.8), draw(-2, 2)} {
					cols[i] = append(cols[i], x)
				}
			}
			out := make([]library.Tensor, 5)
			for i, c := range cols {
				out[i] = librarytest.Vec(c...)
			}
			return out
		},
		Lpdf: func(a []library.Tensor) float64 {
			at := func(i, j int) float64 { return a[i].X[min(j, len(a[i].X)-1)] }
			s := 0.0
			for j := range a[0].X {
				s += wienerRef(at(0, j), at(1, j), at(2, j), at(3, j), at(4, j))
			}
			return s
		},
		Dropped:  zeroDropped,
		Rng:      []library.Tensor{scalar(1.5), scalar(0.3), scalar(0.5), scalar(0.8)},
		Mean:     []float64{0.3 + ezMean},
		Variance: []float64{ezVar},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{scalar(1), scalar(-1), scalar(0.2), scalar(0.5), scalar(1)},
				Want: "wiener: the boundary separation is -1 at position 1, but must be positive and finite"},
			{Args: []library.Tensor{scalar(1), scalar(1), scalar(-0.1), scalar(0.5), scalar(1)},
				Want: "wiener: the non-decision time is -0.1 at position 1, but must be non-negative and finite"},
			{Args: []library.Tensor{scalar(1), scalar(1), scalar(0.2), librarytest.Vec(0.5, 1), scalar(1)},
				Want: "wiener: the a-priori bias is 1 at position 2, but must be in (0, 1)"},
			{Args: []library.Tensor{scalar(1), scalar(1), scalar(0.2), scalar(0.5), scalar(math.Inf(1))},
				Want: "wiener: the drift rate is +Inf at position 1, but must be finite"},
			{Args: []library.Tensor{librarytest.Vec(0.9, 0.3), scalar(1), scalar(0.3), scalar(0.5), scalar(1)},
				Want: "wiener: the outcome is 0.3 at position 2, but must be greater than the non-decision time 0.3"},
			{Rng: true, Args: []library.Tensor{scalar(1), scalar(0.2), scalar(0), scalar(1)},
				Want: "wiener: the a-priori bias is 0, but must be in (0, 1)"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(1, 2), scalar(0.2), librarytest.Vec(0.5, 0.5, 0.5), scalar(1)},
				Want: "wiener: the a-priori bias has 3 elements, another argument 2"}},
	}
}()
