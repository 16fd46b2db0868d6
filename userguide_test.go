package bayes

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
)

// sampleGuide runs the model of testdata/userguide with the data file
// named: 4 chains of 1000 + 1000 at a fixed seed.
func sampleGuide(t *testing.T, model, data string) *Run {
	t.Helper()
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 4, 1000, 1000, 20261205
	dir := filepath.Join("testdata", "userguide")
	r, err := Sample(context.Background(), Request{Model: filepath.Join(dir, model+".bym"),
		Data: filepath.Join(dir, data+".json"), Sampler: cfg, Device: DeviceCPU, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// summaryOf is the summary row of the column name.
func summaryOf(t *testing.T, r *Run, name string) diagnostics.VarSummary {
	t.Helper()
	for _, s := range r.Summary {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no column %s", name)
	return diagnostics.VarSummary{}
}

// within reports a z-test of the estimate against the exact value, with
// its Monte Carlo standard error: 4 standard errors (a false alarm about
// once in 16,000 comparisons, and the seed is fixed).
func within(t *testing.T, what string, est, exact, mcse float64) {
	t.Helper()
	if math.Abs(est-exact) > 4*mcse {
		t.Errorf("%s = %.4f, exact %.4f: off by %.1f MCSE (%.4f)", what, est, exact, math.Abs(est-exact)/mcse, mcse)
	}
}

// TestGuideGPRegression: the User's Guide's latent-variable GP regression
// with fixed hyperparameters, against its closed-form posterior: f | y is
// normal with mean K (K + σ²I)⁻¹ y and covariance K - K (K + σ²I)⁻¹ K
// (Rasmussen and Williams 2006, eq. 2.23-2.24), K the kernel matrix with
// the model's jitter, computed here with gonum.
func TestGuideGPRegression(t *testing.T) {
	var d struct {
		N                 int
		X                 []float64 `json:"x"`
		Y                 []float64 `json:"y"`
		Rho, Alpha, Sigma float64
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "userguide", "gp_regression.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	k := mat.NewSymDense(d.N, nil)
	for i := range d.N {
		for j := range d.N {
			dx := d.X[i] - d.X[j]
			k.SetSym(i, j, d.Alpha*d.Alpha*math.Exp(-dx*dx/(2*d.Rho*d.Rho)))
		}
		k.SetSym(i, i, k.At(i, i)+1e-9)
	}
	noisy := mat.NewSymDense(d.N, nil)
	noisy.CopySym(k)
	for i := range d.N {
		noisy.SetSym(i, i, noisy.At(i, i)+d.Sigma*d.Sigma)
	}
	var ky, kk mat.Dense // (K + σ²I)⁻¹ y and (K + σ²I)⁻¹ K
	if err := ky.Solve(noisy, mat.NewVecDense(d.N, d.Y)); err != nil {
		t.Fatal(err)
	}
	if err := kk.Solve(noisy, k); err != nil {
		t.Fatal(err)
	}
	var mean mat.VecDense
	mean.MulVec(k, ky.ColView(0))
	var cov mat.Dense
	cov.Mul(k, &kk)
	cov.Sub(k, &cov)

	r := sampleGuide(t, "gp_regression", "gp_regression")
	for i := range d.N {
		s := summaryOf(t, r, fmt.Sprintf("f[%d]", i+1))
		within(t, s.Name+" mean", s.Mean, mean.AtVec(i), s.MCSEMean)
		within(t, s.Name+" sd", s.SD, math.Sqrt(cov.At(i, i)), s.MCSESD)
	}
}

// TestGuideMeasurementError: the User's Guide's measurement-error
// regression, whose true predictors are parameters, against the same
// model with them integrated out in closed form (each (x_meas, y) pair
// bivariate normal).
func TestGuideMeasurementError(t *testing.T) {
	agree(t, "measurement_error", "measurement_error_marginal", "measurement_error",
		"alpha", "beta", "sigma", "mu_x", "sigma_x")
}

// TestGuideMultivariateHierarchical: the User's Guide's multivariate
// hierarchical prior with its covariance built by quad_form_diag against
// the same prior through its Cholesky factor (diag_pre_multiply and
// multi_normal_cholesky): the hyperparameters' posteriors agree within the
// two runs' joint Monte Carlo error.
func TestGuideMultivariateHierarchical(t *testing.T) {
	agree(t, "mv_hierarchical", "mv_hierarchical_cholesky", "mv_hierarchical",
		"mu[1]", "mu[2]", "tau[1]", "tau[2]", "L_Omega[2,1]", "beta[1,1]", "beta[7,2]")
}

// TestGuideTruncated: data truncated below, with T[L, ], against the
// model that divides each density by its mass above L through Phi.
func TestGuideTruncated(t *testing.T) {
	agree(t, "truncated", "truncated_by_hand", "truncated", "mu", "sigma")
}

// TestGuideCensored: right-censored data integrated out with _lccdf
// against the model that samples the censored values above U.
func TestGuideCensored(t *testing.T) {
	agree(t, "censored", "censored_imputed", "censored", "mu", "sigma")
}

// TestGuideSegmented: a regression whose slope changes at the parameter
// tau, written with an if on tau, against the same mean through fmin and
// fmax.
func TestGuideSegmented(t *testing.T) {
	agree(t, "segmented", "segmented_hinge", "segmented", "tau", "a", "b1", "b2", "sigma")
}

// TestGuideMixtureBranch: a mixture of a normal and a split normal whose
// scale is chosen by an if on its mode, a parameter, against the same
// posterior with the scale chosen by step().
func TestGuideMixtureBranch(t *testing.T) {
	agree(t, "mixture_branch", "mixture_step", "mixture", "lambda", "mu", "m", "sL", "sR")
}

// TestGuideRecursiveFunction: a cubic regression whose mean is a recursive
// user function (Horner's rule), against the powers written out.
func TestGuideRecursiveFunction(t *testing.T) {
	agree(t, "polynomial_recursive", "polynomial_plain", "polynomial", "beta[1]", "beta[2]", "beta[3]", "beta[4]", "sigma")
}

// agree samples two models of the same posterior with the data named and
// compares the posterior mean and sd of each parameter named within the
// two runs' joint Monte Carlo error: the second model, written without the
// feature the first one tests, is its independent reference. Both runs
// must have mixed (R-hat at most 1.01): a Monte Carlo error is no measure
// of chains that disagree.
func agree(t *testing.T, model, reference, data string, names ...string) {
	t.Helper()
	a, b := sampleGuide(t, model, data), sampleGuide(t, reference, data)
	for _, name := range names {
		x, y := summaryOf(t, a, name), summaryOf(t, b, name)
		if x.Rhat > 1.01 || y.Rhat > 1.01 {
			t.Errorf("%s: R-hat %.3f (%s), %.3f (%s): the chains have not mixed", name, x.Rhat, model, y.Rhat, reference)
		}
		within(t, name+" mean", x.Mean, y.Mean, math.Hypot(x.MCSEMean, y.MCSEMean))
		within(t, name+" sd", x.SD, y.SD, math.Hypot(x.MCSESD, y.MCSESD))
	}
}

// TestGuideQRRegression: the User's Guide's QR reparameterisation of a
// linear regression (qr_thin_Q and qr_thin_R in transformed data, beta =
// R⁻¹ theta in generated quantities) against the regression on the
// correlated predictors themselves: with flat priors the posteriors of
// alpha, beta and sigma are the same, and the two runs agree within their
// joint Monte Carlo error.
func TestGuideQRRegression(t *testing.T) {
	qr := sampleGuide(t, "qr_regression", "qr_regression")
	plain := sampleGuide(t, "qr_regression_plain", "qr_regression")
	for _, name := range []string{"alpha", "beta[1]", "beta[2]", "beta[3]", "sigma"} {
		a, b := summaryOf(t, qr, name), summaryOf(t, plain, name)
		within(t, name+" mean", a.Mean, b.Mean, math.Hypot(a.MCSEMean, b.MCSEMean))
		within(t, name+" sd", a.SD, b.SD, math.Hypot(a.MCSESD, b.MCSESD))
	}
}

// TestGuideGPClassification: the User's Guide's latent-variable GP for
// binary outcomes (f = L_K eta through cholesky_decompose, bernoulli_logit
// of a + f, fixed hyperparameters) against the same posterior with f drawn
// from multi_normal(0, K) directly, K written out in loops: the intercept
// and the latent function's values agree within the two runs' joint Monte
// Carlo error.
func TestGuideGPClassification(t *testing.T) {
	agree(t, "gp_classification", "gp_classification_direct", "gp_classification",
		"a", "f[1]", "f[4]", "f[7]", "f[10]")
}
