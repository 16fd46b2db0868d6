package plot

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// funnelRun is a synthetic run shaped like the centered eight schools
// posterior: log(tau) is an AR(1) process (so chains mix slowly and the
// autocorrelation is visible), theta[j] = mu + tau*z spreads into a funnel,
// and draws low in the neck (log tau < 0) are marked divergent with
// probability 1/2. energy__ is an AR(1) process with coefficient 0.6.
// Each chain has its own stream, rand.NewPCG(seed, chain).
func funnelRun(seed uint64, chains, iters, schools int) *Run {
	names := []string{"mu", "tau"}
	for j := 1; j <= schools; j++ {
		names = append(names, fmt.Sprintf("theta[%d]", j))
	}
	r := &Run{Names: names, Draws: make([][][]float64, len(names))}
	for v := range names {
		r.Draws[v] = make([][]float64, chains)
	}
	r.Divergent = make([][]bool, chains)
	r.Energy = make([][]float64, chains)
	for c := range chains {
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		for v := range names {
			r.Draws[v][c] = make([]float64, iters)
		}
		r.Divergent[c] = make([]bool, iters)
		r.Energy[c] = make([]float64, iters)
		lt, mu, e := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		for i := range iters {
			lt = 0.9*lt + math.Sqrt(1-0.81)*rng.NormFloat64()
			mu = 0.5*mu + math.Sqrt(0.75)*rng.NormFloat64()
			e = 0.6*e + math.Sqrt(1-0.36)*rng.NormFloat64()
			logTau := 1 + lt
			tau := math.Exp(logTau)
			r.Draws[0][c][i] = 4 + 3*mu
			r.Draws[1][c][i] = tau
			for j := range schools {
				r.Draws[2+j][c][i] = r.Draws[0][c][i] + tau*rng.NormFloat64()
			}
			r.Divergent[c][i] = logTau < 0 && rng.Float64() < 0.5
			r.Energy[c][i] = 20 + 3*e
		}
	}
	return r
}
