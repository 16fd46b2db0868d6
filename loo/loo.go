package loo

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Estimate is a sum over observations with its standard error,
// sqrt(n) times the standard deviation of the n terms (Vehtari, Gelman and
// Gabry 2017, eq. 23; loo's table_of_estimates).
type Estimate struct {
	Value, SE float64
}

// Point is one observation's share of a Result.
type Point struct {
	Name    string  // the log-likelihood element, "log_lik[3]"
	ElpdLoo float64 // log p(y_i | y_-i), estimated by PSIS
	PLoo    float64 // lpd_i - elpd_loo_i, lpd_i the log of the mean likelihood
	LooIC   float64 // -2 elpd_loo_i
	ParetoK float64 // the Pareto shape k of its importance ratios (+Inf: tail too short to fit)
	NEff    float64 // effective sample size of its PSIS weights, r_eff / Σ w²
	REff    float64 // relative efficiency of its exp(log_lik) draws (RelativeEff)
}

// Result is PSIS-LOO for one model: the estimates summed over observations
// and every observation's terms, in the order of the log-likelihood's
// elements.
type Result struct {
	Var           string // the log-likelihood quantity, "log_lik"
	Chains, Draws int    // chains, and draws per chain
	ElpdLoo       Estimate
	PLoo          Estimate
	LooIC         Estimate
	Points        []Point
}

// Compute estimates PSIS-LOO from the pointwise log-likelihood ll, indexed
// [observation][chain][iteration], names giving each observation's name;
// variable names the quantity for messages. For each observation i, with
// S draws of log p(y_i | θ_s) (Vehtari, Gelman and Gabry 2017, section 2.1,
// eqs. 4-10, as loo's loo.array):
//
//	r_eff_i     = RelativeEff(exp(ll_i))
//	lw          = psis(-ll_i, r_eff_i), normalised so that Σ exp(lw) = 1
//	elpd_loo_i  = log Σ_s exp(ll_i,s + lw_s)
//	p_loo_i     = log((1/S) Σ_s exp(ll_i,s)) - elpd_loo_i
//	looic_i     = -2 elpd_loo_i
//
// An r_eff that cannot be computed (chains of one draw) is taken as 1, as
// loo does for a missing one. Every value must be finite: an error names
// the first that is not. Observations are computed in parallel; the result
// does not depend on how many run at once.
func Compute(variable string, names []string, ll [][][]float64) (*Result, error) {
	if len(ll) == 0 {
		return nil, fmt.Errorf("%s has no elements: no observations to leave out", variable)
	}
	if len(names) != len(ll) {
		return nil, fmt.Errorf("loo: %d names for %d observations", len(names), len(ll))
	}
	chains := len(ll[0])
	if chains == 0 || len(ll[0][0]) == 0 {
		return nil, fmt.Errorf("%s has no draws", variable)
	}
	draws := len(ll[0][0])
	for i, obs := range ll {
		if len(obs) != chains {
			return nil, fmt.Errorf("%s: %d chains, %s %d", names[i], len(obs), names[0], chains)
		}
		for c, x := range obs {
			if len(x) != draws {
				return nil, fmt.Errorf("%s: chain %d has %d draws, chain 1 of %s %d: the chains must have the same length",
					names[i], c+1, len(x), names[0], draws)
			}
			for d, v := range x {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("%s is %v in chain %d, draw %d: every log-likelihood value must be finite", names[i], v, c+1, d+1)
				}
			}
		}
	}
	r := &Result{Var: variable, Chains: chains, Draws: draws, Points: make([]Point, len(ll))}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ll)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r.Points[i] = point(names[i], ll[i])
			}
		}()
	}
	for i := range ll {
		next <- i
	}
	close(next)
	wg.Wait()

	terms := make([]float64, len(ll))
	for _, q := range []struct {
		out *Estimate
		of  func(Point) float64
	}{
		{&r.ElpdLoo, func(p Point) float64 { return p.ElpdLoo }},
		{&r.PLoo, func(p Point) float64 { return p.PLoo }},
		{&r.LooIC, func(p Point) float64 { return p.LooIC }},
	} {
		for i, p := range r.Points {
			terms[i] = q.of(p)
		}
		*q.out = sumWithSE(terms)
	}
	return r, nil
}

// point computes one observation's terms from its draws [chain][iteration].
func point(name string, draws [][]float64) Point {
	s := len(draws) * len(draws[0])
	ll := make([]float64, 0, s) // chains one after another, as loo's llarray_to_matrix
	lik := make([][]float64, len(draws))
	for c, x := range draws {
		ll = append(ll, x...)
		lik[c] = make([]float64, len(x))
		for d, v := range x {
			lik[c][d] = math.Exp(v)
		}
	}
	rEff := RelativeEff(lik)
	if math.IsNaN(rEff) {
		rEff = 1
	}
	ratios := make([]float64, s)
	for j, v := range ll {
		ratios[j] = -v
	}
	lw := make([]float64, s)
	k := psis(lw, ratios, rEff)
	norm := logSumExp(lw)
	var sumW2 float64
	terms := make([]float64, s)
	for j := range lw {
		lw[j] -= norm
		w := math.Exp(lw[j])
		sumW2 += w * w
		terms[j] = ll[j] + lw[j]
	}
	elpd := logSumExp(terms)
	lpd := logSumExp(ll) - math.Log(float64(s))
	return Point{Name: name, ElpdLoo: elpd, PLoo: lpd - elpd, LooIC: -2 * elpd, ParetoK: k, NEff: rEff / sumW2, REff: rEff}
}

// sumWithSE returns Σ x with its standard error sqrt(n var(x)), var with
// denominator n-1 (NaN for one term).
func sumWithSE(x []float64) Estimate {
	n := float64(len(x))
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean := sum / n
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return Estimate{Value: sum, SE: math.Sqrt(n * ss / (n - 1))}
}
