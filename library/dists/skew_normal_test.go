package dists

import (
	"math"
	"testing"
)

// TestSkewNormalLogCDFTails checks skew_normal_lcdf and _lccdf where
// Stan's Φ(z) - 2T(z, α) cancels or underflows (the tails, a large |α|)
// against log F from mpmath 1.3.0 at 40 digits: F = 2 ∫ φ(t) Φ(αt) dt over
// (-∞, z] (lccdf: [z, ∞)), t = z ∓ u, by mp.quad(method='gauss-legendre')
// on panels of u of width s/8 up to 100 s, s = 1/(|z|(1+α²) + |α| + 1),
// then doubling to 64 and ∞, printed to 20 digits. The rule reproduces the
// closed forms F(z; -1) = 2Φ(z) and F(z; 1) = Φ(z)² (T(h, 1) = Φ(h)Q(h)/2)
// at z = -40 to 20 digits. ξ = 0, ω = 1.
func TestSkewNormalLogCDFTails(t *testing.T) {
	for _, c := range []struct {
		z, alpha float64
		upper    bool
		want     float64
	}{
		{-40.0, 1.0, false, -1609.2168840275075763},
		{-40.0, -1.0, false, -803.91529483319384286},
		{-5.0, 3.0, false, -132.77707136334657544},
		{-3.0, 10.0, false, -464.76295870345783466},
		{0.0, 1000.0, false, -8.0524854981647261152},
		{0.001, 10000.0, false, -7.1335467982935200192},
		{-0.5, 0.7, false, -1.9656805336298200498},
		{2.0, -0.5, false, -0.0055151565323901855881},
		{-400.0, 0.5, false, -100012.65769034885736},
		{-400.0, -0.5, false, -80006.217262149655056},
		{-1.0, -30.0, false, -1.1478744644493181964},
		{8.0, -2.0, true, -167.61623580231133612},
		{50.0, -1.0, true, -2509.6627222788398025},
		{40.0, 1.0, true, -803.91529483319384286},
		{3.0, -0.2, true, -7.2770898866840315461},
		{-2.0, 4.0, true, -1.921534832988964713e-18},
		{6.0, 5.0, true, -20.043621769414760346},
	} {
		k := skewNormalLcdf
		if c.upper {
			k = skewNormalLccdf
		}
		got := k.At(c.z, 0, 1, c.alpha)
		// relative to |want|: the values near 0 (log F of F near 1) too
		if math.Abs(got-c.want) > 1e-13*math.Abs(c.want) {
			t.Errorf("%s(%g | 0, 1, %g) = %.17g, mpmath %.17g", k.Name, c.z, c.alpha, got, c.want)
		}
	}
}
