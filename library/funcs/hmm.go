package funcs

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The hidden Markov model functions (Stan Functions Reference, "Hidden
// Markov Models"): K hidden states, N observations, log_omega the K x N
// matrix of log densities of each observation in each state, Gamma the K
// x K transition matrix (row i the distribution of the next state after
// state i, a simplex) and rho the initial distribution (a simplex). Both
// are formulas of the forward (and backward) algorithm in logs (Rabiner
// 1989, "A tutorial on hidden Markov models", eqs. 19-25), so their
// derivatives in log_omega, Gamma and rho are those of the ops.

// hmmOverload is (matrix log_omega, matrix Gamma, vector rho) -> ret.
func hmmOverload(ret library.Type) []library.Signature {
	return []library.Signature{{Params: []library.Arg{library.Exact("log_omega", library.TypeMatrix),
		library.Exact("Gamma", library.TypeMatrix), library.Exact("rho", library.TypeVector)}, Ret: ret}}
}

// hmmSizes: Gamma is K x K, with K the rows of log_omega and the size of
// rho.
var hmmSizes = library.SizeGroups(library.Square(1, library.Size{Arg: 0, Of: library.SizeRows}, library.Size{Arg: 2, Of: library.SizeLen}))

// hmmForward returns K, N, log Gamma and the forward variables
// alpha[n][k] = log p(y_1..y_n, z_n = k) (Rabiner eq. 19-20) of the call
// name, which needs one observation at least.
func hmmForward(o library.Tensors, name string, a []library.Value) (k, n int, logGamma library.Value, alpha [][]library.Value) {
	logOmega, gamma, rho := a[0], a[1], a[2]
	d := o.Dims(logOmega)
	k, n = d[0], d[1]
	if n == 0 {
		o.Fail("%s: log_omega has no columns: there must be at least one observation", name)
	}
	logGamma = o.Log(gamma)
	logRho := o.Log(rho)
	alpha = make([][]library.Value, n)
	alpha[0] = make([]library.Value, k)
	for j := range k {
		alpha[0][j] = o.Add(o.Elem(logRho, j), o.Elem(logOmega, j*n))
	}
	for t := 1; t < n; t++ {
		alpha[t] = make([]library.Value, k)
		for j := range k {
			terms := make([]library.Value, k)
			for i := range k {
				terms[i] = o.Add(alpha[t-1][i], o.Elem(logGamma, i*k+j))
			}
			alpha[t][j] = o.Add(o.Elem(logOmega, j*n+t), o.LogSumExp(o.FromElems([]int{k}, terms)))
		}
	}
	return k, n, logGamma, alpha
}

// hmmInterp is what the interpreter computes for the call name with
// formula f: Stan's check_simplex on rho and each row of Gamma
// (non-negative, summing to 1 within 1e-8), then the formula. The
// formula does not check, so that its derivative in each element of Gamma
// (the walks' finite differences, which leave the simplex) is that of the
// ops; a Gamma and a rho of parameters are simplexes by their types.
func hmmInterp(name string, f library.FuncFormula) func(args []library.Tensor) (library.Tensor, error) {
	return func(args []library.Tensor) (library.Tensor, error) {
		k := len(args[2].X)
		if err := checkSimplex(name, "rho", args[2].X); err != nil {
			return library.Tensor{}, err
		}
		for i := range k {
			if err := checkSimplex(name, fmt.Sprintf("row %d of Gamma", i+1), args[1].X[i*k:(i+1)*k]); err != nil {
				return library.Tensor{}, err
			}
		}
		return library.Run(f, args)
	}
}

func checkSimplex(name, what string, xs []float64) error {
	s := 0.0
	for _, v := range xs {
		if !(v >= 0) {
			return fmt.Errorf("%s: %s has an element %g, but a simplex has none below 0", name, what, v)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-8 {
		return fmt.Errorf("%s: %s sums to %.17g, but a simplex sums to 1", name, what, s)
	}
	return nil
}

// hmm_marginal(log_omega, Gamma, rho) = log p(y), the forward algorithm:
// log_sum_exp of the last forward variables (Rabiner eq. 21).
var hmmMarginal = &library.Func{
	Name:      "hmm_marginal",
	Doc:       "log p(y) of a hidden Markov model, by the forward algorithm",
	Overloads: hmmOverload(library.TypeReal),
	Sizes:     hmmSizes,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		k, n, _, alpha := hmmForward(o, "hmm_marginal", a)
		return o.LogSumExp(o.FromElems([]int{k}, alpha[n-1]))
	},
}

// hmm_hidden_state_prob(log_omega, Gamma, rho) is the K x N matrix of the
// marginal posterior probabilities p(z_n = k | y), by forward-backward:
// exp(alpha[n][k] + beta[n][k] - log p(y)), beta[n][k] = log p(y_{n+1}..y_N
// | z_n = k) (Rabiner eqs. 24-27), beta[N] = 0.
var hmmHiddenStateProb = &library.Func{
	Name:      "hmm_hidden_state_prob",
	Doc:       "the K x N matrix of p(z_n = k | y) of a hidden Markov model, by forward-backward",
	Overloads: hmmOverload(library.TypeMatrix),
	Sizes:     hmmSizes,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		k, n, logGamma, alpha := hmmForward(o, "hmm_hidden_state_prob", a)
		logOmega := a[0]
		logP := o.LogSumExp(o.FromElems([]int{k}, alpha[n-1]))
		beta := make([][]library.Value, n)
		beta[n-1] = make([]library.Value, k)
		for i := range k {
			beta[n-1][i] = o.Const(0)
		}
		for t := n - 2; t >= 0; t-- {
			beta[t] = make([]library.Value, k)
			for i := range k {
				terms := make([]library.Value, k)
				for j := range k {
					terms[j] = o.Add(o.Add(o.Elem(logGamma, i*k+j), o.Elem(logOmega, j*n+t+1)), beta[t+1][j])
				}
				beta[t][i] = o.LogSumExp(o.FromElems([]int{k}, terms))
			}
		}
		out := make([]library.Value, k*n)
		for i := range k {
			for t := range n {
				out[i*n+t] = o.Sub(o.Add(alpha[t][i], beta[t][i]), logP)
			}
		}
		return o.Exp(o.FromElems([]int{k, n}, out))
	},
}

func init() {
	hmmMarginal.Interp = hmmInterp("hmm_marginal", hmmMarginal.Value)
	hmmHiddenStateProb.Interp = hmmInterp("hmm_hidden_state_prob", hmmHiddenStateProb.Value)
	registerFunc(hmmMarginal)
	registerFunc(hmmHiddenStateProb)
}
