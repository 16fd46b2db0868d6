package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// invPhiKernel is inv_Phi(p), the standard normal quantile (Stan
// Functions Reference, "Probability-related functions"), a row of the
// elementwise table: its value library.InvPhi (AS 241), its derivative
// 1/φ(Φ⁻¹(p)) = √(2π) exp(n²/2), n the value. p outside [0, 1] gives NaN.
var invPhiKernel = &library.Kernel{Name: "inv_Phi", Args: []library.Domain{library.Probability},
	Value: func(p, _, _, _ float64, _ int) float64 { return library.InvPhi(p) },
	Partial: func(b library.Builder, n library.Value, _ int, adj library.Value) library.Value {
		return b.Mul(adj, b.Mul(b.Const(math.Sqrt(2*math.Pi)), b.Exp(b.Mul(b.Const(0.5), b.Square(n)))))
	}, C: `
BAYES_FN bayes_real bayes_inv_Phi(bayes_real p)
{
	return bayes_inv_phi_as241(p);
}`}

func init() { registerKernel(invPhiKernel) }
