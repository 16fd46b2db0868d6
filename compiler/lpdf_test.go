package compiler

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestLpdfAgainstGonum compares each fused density with gonum v0.17.0's
// stat/distuv LogProb (an independent implementation) where gonum has the
// family; logit-parameterised ones are compared through p = inv_logit(α),
// poisson_log through λ = exp(α).
func TestLpdfAgainstGonum(t *testing.T) {
	tests := []struct {
		name string
		op   Op
		args [MaxArgs]float64
		want float64
	}{
		{"normal", OpNormalLpdf, [4]float64{1.3, -0.4, 2.1}, distuv.Normal{Mu: -0.4, Sigma: 2.1}.LogProb(1.3)},
		{"normal tail", OpNormalLpdf, [4]float64{40, 0, 1}, distuv.Normal{Mu: 0, Sigma: 1}.LogProb(40)},
		{"cauchy", OpCauchyLpdf, [4]float64{2.5, 0.5, 1.5}, distuv.StudentsT{Mu: 0.5, Sigma: 1.5, Nu: 1}.LogProb(2.5)},
		{"student_t", OpStudentTLpdf, [4]float64{-1.2, 3.5, 0.3, 0.8}, distuv.StudentsT{Mu: 0.3, Sigma: 0.8, Nu: 3.5}.LogProb(-1.2)},
		{"lognormal", OpLognormalLpdf, [4]float64{2.2, 0.3, 0.7}, distuv.LogNormal{Mu: 0.3, Sigma: 0.7}.LogProb(2.2)},
		{"exponential", OpExponentialLpdf, [4]float64{0.7, 1.9}, distuv.Exponential{Rate: 1.9}.LogProb(0.7)},
		{"gamma", OpGammaLpdf, [4]float64{1.4, 2.5, 0.6}, distuv.Gamma{Alpha: 2.5, Beta: 0.6}.LogProb(1.4)},
		{"beta", OpBetaLpdf, [4]float64{0.35, 2.2, 3.1}, distuv.Beta{Alpha: 2.2, Beta: 3.1}.LogProb(0.35)},
		{"bernoulli_logit 1", OpBernoulliLogitLpmf, [4]float64{1, 0.8}, distuv.Bernoulli{P: invLogit(0.8)}.LogProb(1)},
		{"bernoulli_logit 0", OpBernoulliLogitLpmf, [4]float64{0, -1.7}, distuv.Bernoulli{P: invLogit(-1.7)}.LogProb(0)},
		{"poisson_log", OpPoissonLogLpmf, [4]float64{4, 1.1}, distuv.Poisson{Lambda: math.Exp(1.1)}.LogProb(4)},
		{"binomial_logit", OpBinomialLogitLpmf, [4]float64{3, 10, -0.6}, distuv.Binomial{N: 10, P: invLogit(-0.6)}.LogProb(3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.op.Info().Scalar(tt.args[0], tt.args[1], tt.args[2], tt.args[3], 0)
			if !close(got, tt.want, 1e-12) {
				t.Errorf("%s%v = %.17g, gonum %.17g", tt.op, tt.args[:tt.op.Info().Arity], got, tt.want)
			}
		})
	}
}

// TestLpdfEdges: out-of-support values give -Inf, invalid parameters NaN,
// and nothing panics.
func TestLpdfEdges(t *testing.T) {
	tests := []struct {
		name string
		op   Op
		args [MaxArgs]float64
		want float64
	}{
		{"lognormal y=0", OpLognormalLpdf, [4]float64{0, 0, 1}, math.Inf(-1)},
		{"exponential y<0", OpExponentialLpdf, [4]float64{-1, 1}, math.Inf(-1)},
		{"beta y>1", OpBetaLpdf, [4]float64{1.5, 2, 2}, math.Inf(-1)},
		{"normal sigma<0", OpNormalLpdf, [4]float64{0, 0, -1}, math.NaN()},
		{"poisson_log n=0 alpha=-inf", OpPoissonLogLpmf, [4]float64{0, math.Inf(-1)}, 0},
		{"bernoulli_logit far tail", OpBernoulliLogitLpmf, [4]float64{1, -800}, -800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.op.Info().Scalar(tt.args[0], tt.args[1], tt.args[2], tt.args[3], 0)
			if !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Errorf("%s%v = %v, want %v", tt.op, tt.args[:tt.op.Info().Arity], got, tt.want)
			}
		})
	}
}

// TestSpecialFunctions checks the special functions against reference values.
func TestSpecialFunctions(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		// ψ'(1) = π²/6 and ψ''(1) = -2ζ(3) (Abramowitz & Stegun 6.4.2).
		{"trigamma(1)", polygamma(1, 1), math.Pi * math.Pi / 6},
		{"tetragamma(1)", polygamma(2, 1), -2 * 1.2020569031595942853997},
		// ψ'(1/2) = π²/2 (A&S 6.4.4).
		{"trigamma(0.5)", polygamma(1, 0.5), math.Pi * math.Pi / 2},
		// Asymptotic series A&S 6.4.12 to the x^-7 term (next term ~1e-15).
		{"trigamma(30)", polygamma(1, 30), 1.0/30 + 1.0/(2*900) + 1.0/(6*27000) - 1.0/(30*24300000) + 1.0/(42*21870000000)},
		{"log1p_exp(800)", log1pExp(800), 800},
		{"log1p_exp(-800)", log1pExp(-800), 0},
		{"inv_logit(-800)", invLogit(-800), 0},
		{"log_inv_logit(-800)", logInvLogit(-800), -800},
	}
	for _, tt := range tests {
		if !close(tt.got, tt.want, 1e-13) {
			t.Errorf("%s = %.17g, want %.17g", tt.name, tt.got, tt.want)
		}
	}
}
