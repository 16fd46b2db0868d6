package sampler

import "math"

// Test kernels written by hand, each with its gradient checked by
// TestKernelGradients against central finite differences.

// gaussKernel is independent normals N(0, scale_i^2).
type gaussKernel struct{ scales []float64 }

func (k gaussKernel) Dim() int { return len(k.scales) }

func (k gaussKernel) LogDensityGrad(grad, q []float64) float64 {
	lp := 0.0
	for i, s := range k.scales {
		z := q[i] / s
		lp -= 0.5 * z * z
		grad[i] = -z / s
	}
	return lp
}

func unitScales(d int) []float64 {
	s := make([]float64, d)
	for i := range s {
		s[i] = 1
	}
	return s
}

// mvnKernel is N(0, Sigma) given the precision matrix prec = Sigma^-1 (row-major).
type mvnKernel struct {
	d    int
	prec []float64
}

func (k mvnKernel) Dim() int { return k.d }

func (k mvnKernel) LogDensityGrad(grad, q []float64) float64 {
	lp := 0.0
	for i := range k.d {
		g := 0.0
		for j := range k.d {
			g -= k.prec[i*k.d+j] * q[j]
		}
		grad[i] = g
		lp += 0.5 * q[i] * g
	}
	return lp
}

// corr2 is the 2-d Gaussian with unit variances and correlation rho.
func corr2(rho float64) (mvnKernel, []float64) {
	det := 1 - rho*rho
	return mvnKernel{d: 2, prec: []float64{1 / det, -rho / det, -rho / det, 1 / det}},
		[]float64{1, rho, rho, 1}
}

// eightSchools is the centered eight-schools posterior (Rubin 1981; the
// seed's NumPyro model): mu ~ N(0, 5), tau ~ HalfCauchy(5),
// theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j), on the unconstrained
// space q = (mu, log tau, theta_1..8) with the log-Jacobian log tau; constants
// dropped. Its funnel makes NUTS diverge.
type eightSchools struct{}

var (
	schoolsY     = [8]float64{28, 8, -3, 7, -1, 1, 18, 12}
	schoolsSigma = [8]float64{15, 10, 16, 11, 9, 11, 10, 18}
)

func (eightSchools) Dim() int { return 10 }

func (eightSchools) LogDensityGrad(grad, q []float64) float64 {
	mu, eta := q[0], q[1]
	tau := math.Exp(eta)
	invTau2 := math.Exp(-2 * eta)
	lp := -mu*mu/50 - math.Log1p(tau*tau/25) + eta
	grad[0] = -mu / 25
	grad[1] = -(2*tau*tau/25)/(1+tau*tau/25) + 1
	for j := range 8 {
		th := q[2+j]
		dm := th - mu
		lp += -0.5*dm*dm*invTau2 - eta
		r := (schoolsY[j] - th) / schoolsSigma[j]
		lp -= 0.5 * r * r
		grad[0] += dm * invTau2
		grad[1] += dm*dm*invTau2 - 1
		grad[2+j] = -dm*invTau2 + r/schoolsSigma[j]
	}
	return lp
}

// negInfKernel has no support anywhere.
type negInfKernel struct{ d int }

func (k negInfKernel) Dim() int { return k.d }

func (k negInfKernel) LogDensityGrad(grad, q []float64) float64 { return math.Inf(-1) }

// nanGradKernel has a finite log density and a NaN in gradient coordinate bad.
type nanGradKernel struct{ d, bad int }

func (k nanGradKernel) Dim() int { return k.d }

func (k nanGradKernel) LogDensityGrad(grad, q []float64) float64 {
	clear(grad)
	grad[k.bad] = math.NaN()
	return 0
}

// eightSchoolsNC is the non-centered eight-schools posterior
// (shared/anchors/eight_schools_noncentered.stan): mu ~ N(0, 5),
// tau ~ HalfCauchy(5), theta_raw_j ~ N(0, 1), theta_j = mu + tau theta_raw_j,
// y_j ~ N(theta_j, sigma_j); q = (mu, log tau, theta_raw_1..8), constants
// dropped, log-Jacobian log tau included.
type eightSchoolsNC struct{}

func (eightSchoolsNC) Dim() int { return 10 }

func (eightSchoolsNC) LogDensityGrad(grad, q []float64) float64 {
	mu, eta := q[0], q[1]
	tau := math.Exp(eta)
	lp := -mu*mu/50 - math.Log1p(tau*tau/25) + eta
	grad[0] = -mu / 25
	grad[1] = -(2*tau*tau/25)/(1+tau*tau/25) + 1
	for j := range 8 {
		raw := q[2+j]
		r := (schoolsY[j] - mu - tau*raw) / schoolsSigma[j]
		lp -= 0.5*raw*raw + 0.5*r*r
		grad[0] += r / schoolsSigma[j]
		grad[1] += tau * raw * r / schoolsSigma[j]
		grad[2+j] = -raw + tau*r/schoolsSigma[j]
	}
	return lp
}

// twoModes is a mixture of N(m, I) and exp(minor) N(-m, I) in len(m)
// dimensions: the second a minor mode with exp(minor) of the first's mass,
// cut off from it by a valley when m is far from 0.
type twoModes struct {
	m     []float64
	minor float64
}

func (k twoModes) Dim() int { return len(k.m) }

func (k twoModes) LogDensityGrad(grad, q []float64) float64 {
	a, b := 0.0, k.minor
	for i, m := range k.m {
		a -= 0.5 * (q[i] - m) * (q[i] - m)
		b -= 0.5 * (q[i] + m) * (q[i] + m)
	}
	top := max(a, b)
	lp := top + math.Log(math.Exp(a-top)+math.Exp(b-top))
	wa, wb := math.Exp(a-lp), math.Exp(b-lp)
	for i, m := range k.m {
		grad[i] = wa*(m-q[i]) + wb*(-m-q[i])
	}
	return lp
}
