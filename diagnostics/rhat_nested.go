package diagnostics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/bayes-dev/bayes/runfiles"
)

// NestedRhat returns nested R-hat (Margossian, Hoffman, Sountsov,
// Riou-Durand, Vehtari and Gelman 2023, "Nested R-hat: assessing the
// convergence of Markov chain Monte Carlo when running many short chains",
// Bayesian Analysis, eqs. 15-19; posterior's rhat_nested) of the draws
// [chain][iteration], the chains forming superchains groups of equal size
// in order: chains 0..M-1 the first, M..2M-1 the second, and so on. The
// chains of a superchain start from the same point, so their spread says
// how far each chain has forgotten it, and the spread between superchains
// how far they have come to agree. With K superchains of M chains of N
// draws, f̄ the means of a chain (.mk), a superchain (..k) and all (...):
//
//	B̂_ν  = 1/(K-1) Σ_k (f̄..k - f̄...)²                    between superchains
//	B̃_k  = 1/(M-1) Σ_m (f̄.mk - f̄..k)²   (0 when M = 1)  between a superchain's chains
//	W̃_k  = 1/M Σ_m 1/(N-1) Σ_n (f_nmk - f̄.mk)²  (0 when N = 1)
//	Ŵ_ν  = 1/K Σ_k (B̃_k + W̃_k)
//	nR̂   = sqrt(1 + B̂_ν / Ŵ_ν)
//
// Unlike Rhat it neither splits nor rank-normalises the chains, as in the
// paper and posterior. It is 1 or more; values above RhatThreshold suggest
// the chains have not converged.
//
// Special cases: NaN when superchains < 2, when the chains do not divide
// into superchains of equal size, when each superchain holds one chain of
// one draw (Ŵ_ν cannot be estimated), or when a draw is not finite or all
// draws are equal (posterior's NA).
func NestedRhat(draws [][]float64, superchains int) float64 {
	k := superchains
	if k < 2 || len(draws) == 0 || len(draws)%k != 0 || len(draws[0]) == 0 {
		return math.NaN()
	}
	m, n := len(draws)/k, len(draws[0])
	if m == 1 && n == 1 {
		return math.NaN()
	}
	constant := true
	for _, chain := range draws {
		if len(chain) != n {
			return math.NaN()
		}
		for _, v := range chain {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return math.NaN()
			}
			constant = constant && v == draws[0][0]
		}
	}
	if constant {
		return math.NaN()
	}
	chainMean := make([]float64, len(draws))
	superMean := make([]float64, k)
	var within float64 // Σ_k (B̃_k + W̃_k)
	for s := range k {
		var wk float64
		for c := s * m; c < (s+1)*m; c++ {
			mean, v := meanVar(draws[c])
			chainMean[c] = mean
			superMean[s] += mean
			wk += v
		}
		superMean[s] /= float64(m)
		if n > 1 {
			within += wk / float64(m)
		}
		if m > 1 {
			var bk float64
			for _, mean := range chainMean[s*m : (s+1)*m] {
				bk += (mean - superMean[s]) * (mean - superMean[s])
			}
			within += bk / float64(m-1)
		}
	}
	_, between := meanVar(superMean)
	return math.Sqrt(1 + between/(within/float64(k)))
}

// meanVar returns the mean of x and its variance with denominator n-1 (0
// for one value).
func meanVar(x []float64) (mean, v float64) {
	for _, u := range x {
		mean += u
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, u := range x {
		v += (u - mean) * (u - mean)
	}
	return mean, v / float64(len(x)-1)
}

// Nested is the nested R-hat of each quantity of a run whose chains were
// started in superchains (bayes sample --superchains): Values[i] belongs
// to the summary's row i.
type Nested struct {
	Superchains int
	Values      []float64
}

// NestedRhats computes Nested for the columns of a run, in their order.
func NestedRhats(cols []Column, superchains int) *Nested {
	out := &Nested{Superchains: superchains, Values: make([]float64, len(cols))}
	for i, c := range cols {
		out.Values[i] = NestedRhat(c.Draws, superchains)
	}
	return out
}

// nestedFromStanCSV is the nested R-hat of chains read from files whose
// headers name their superchains (the "superchain" line of
// runfiles.StanCSVConfig.SuperchainSize, or draws.json's
// superchain_size), in the order of Columns; nil when they do not, or when
// the chains, in order, do not fall into consecutive superchains of equal
// size (the files of part of a run).
func nestedFromStanCSV(names []string, chains []*runfiles.StanCSV) *Nested {
	ids := make([]int, len(chains))
	for c, ch := range chains {
		id, err := strconv.Atoi(ch.Settings["superchain"])
		if err != nil {
			return nil
		}
		ids[c] = id
	}
	size := 1
	for size < len(ids) && ids[size] == ids[0] {
		size++
	}
	if len(ids)%size != 0 || len(ids)/size < 2 {
		return nil
	}
	for c, id := range ids {
		if id != ids[0]+c/size {
			return nil
		}
	}
	cols, err := Columns(names, chains)
	if err != nil {
		return nil
	}
	return NestedRhats(cols, len(ids)/size)
}

// WriteNestedRhat prints a nested R-hat per quantity after the summary
// table, names right-aligned as the table's, flagging those above
// RhatThreshold, with a line that says how the chains were grouped.
func WriteNestedRhat(w io.Writer, s Summary, nested *Nested, chains int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "\nNested R-hat (Margossian et al. 2023) of %d superchains of %d chains, each superchain from one initial point:\n",
		nested.Superchains, chains/nested.Superchains)
	width := len("variable")
	for _, v := range s {
		width = max(width, len(v.Name))
	}
	for i, v := range s {
		mark := ""
		if nested.Values[i] > RhatThreshold {
			mark = fmt.Sprintf("  (> %g)", RhatThreshold)
		}
		fmt.Fprintf(bw, "%*s  %7.3f%s\n", width, v.Name, nested.Values[i], mark)
	}
	return bw.Flush()
}

// WarnNestedRhat is the kind of the warning checkNestedRhat gives.
const WarnNestedRhat = "nested_rhat"

// checkNestedRhat warns when the nested R-hat of some quantity is above
// RhatThreshold: the superchains have not come to agree, so the chains
// have not forgotten where they started.
func checkNestedRhat(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	if in.Nested == nil {
		return Warning{}, false
	}
	nested := make(Summary, len(in.Summary))
	for i, v := range in.Summary {
		nested[i] = VarSummary{Name: v.Name, Rhat: in.Nested.Values[i]}
	}
	bad := worst(nested, func(v VarSummary) float64 { return v.Rhat }, func(x float64) bool { return x > RhatThreshold }, true)
	if len(bad) == 0 {
		return Warning{}, false
	}
	return Warning{
		Kind: WarnNestedRhat,
		Message: fmt.Sprintf("nested R-hat is above %g for %s (%s): the %d superchains, each started from one point, "+
			"disagree, so the chains have not forgotten their initial values.",
			RhatThreshold, countOf(len(bad), len(in.Summary)), listWorst(bad, rhatString), in.Nested.Superchains),
		Remedy: "warm up longer (--warmup): with many short chains the warmup is what must be long enough; more --samples per chain help less.",
		Vars:   names(bad),
	}, true
}

// nestedRhatJSON is the report's "nested_rhat" object (WriteReportJSON).
type nestedRhatJSON struct {
	Superchains int               `json:"superchains"`
	Values      []nestedValueJSON `json:"values"`
}

type nestedValueJSON struct {
	Variable   string    `json:"variable"`
	NestedRhat jsonFloat `json:"nested_rhat"`
}

// nestedJSON is in.Nested for the report; nil without superchains.
func nestedJSON(in WarningInput) *nestedRhatJSON {
	if in.Nested == nil {
		return nil
	}
	out := &nestedRhatJSON{Superchains: in.Nested.Superchains, Values: make([]nestedValueJSON, len(in.Summary))}
	for i, v := range in.Summary {
		out.Values[i] = nestedValueJSON{v.Name, jsonFloat(in.Nested.Values[i])}
	}
	return out
}
