package funcs

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mathext"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the scalar functions of several arguments added
// with the special functions (atan2, hypot, fmod, choose, the factorials,
// the Bessel and incomplete gamma and beta functions, Owen's T): each from
// gonum, Go's math package, a closed form written another way, or a
// quadrature of the function's integral.

// intsThenReal draws an int in [lo, hi] and a real in [a, b).
func intsThenReal(r *rand.Rand, lo, hi int, a, b float64) []library.Tensor {
	return []library.Tensor{library.Scalar(float64(lo + r.IntN(hi-lo+1))), library.Scalar(uniform(r, 1, a, b)[0])}
}

// legendre is ∫_lo^hi f by 400-point Gauss–Legendre (gonum quad).
func legendre(f func(float64) float64, lo, hi float64) float64 {
	return quad.Fixed(f, lo, hi, 400, quad.Legendre{}, 0)
}

// logBesselIntegral is log I_v(z) by its integral (DLMF 10.32.4),
// scaled by e^-z: 1/π ∫_0^π e^{z cos θ} cos(vθ) dθ - sin(vπ)/π ∫_0^∞
// e^{-z cosh t - vt} dt, the second cut at t = 20.
func logBesselIntegral(v, z float64) float64 {
	a := legendre(func(th float64) float64 { return math.Exp(z*(math.Cos(th)-1)) * math.Cos(v*th) }, 0, math.Pi) / math.Pi
	b := legendre(func(u float64) float64 { return math.Exp(-z*(math.Cosh(u)+1) - v*u) }, 0, 20)
	return z + math.Log(a-math.Sin(v*math.Pi)/math.Pi*b)
}

// pascal is C(n, k) from Pascal's triangle.
func pascal(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	row := []float64{1}
	for range n {
		next := make([]float64, len(row)+1)
		for i := range next {
			if i < len(row) {
				next[i] += row[i]
			}
			if i > 0 {
				next[i] += row[i-1]
			}
		}
		row = next
	}
	return row[k]
}

func init() {
	for name, ref := range map[string]librarytest.FuncReference{
		"atan2": scalars("atan(y/x), moved by π to x's half plane", [][2]float64{{-2, 2}, {-2, 2}}, func(a []float64) float64 {
			y, x := a[0], a[1]
			switch {
			case x > 0:
				return math.Atan(y / x)
			case y >= 0:
				return math.Atan(y/x) + math.Pi
			}
			return math.Atan(y/x) - math.Pi
		}),
		"hypot": scalars("√(x² + y²)", [][2]float64{{-2, 2}, {-2, 2}}, func(a []float64) float64 { return math.Sqrt(a[0]*a[0] + a[1]*a[1]) }),
		"fmod": scalars("x - trunc(x/y) y", [][2]float64{{-5, 5}, {0.5, 2}}, func(a []float64) float64 {
			return a[0] - math.Trunc(a[0]/a[1])*a[1]
		}),
		"log_falling_factorial": scalars("log(Γ(x+1)/Γ(x-n+1)), math.Gamma", [][2]float64{{3, 6}, {0.5, 2.5}}, func(a []float64) float64 {
			return math.Log(math.Gamma(a[0]+1) / math.Gamma(a[0]-a[1]+1))
		}),
		"log_rising_factorial": scalars("log(Γ(x+n)/Γ(x)), math.Gamma", [][2]float64{{0.5, 4}, {0.5, 3}}, func(a []float64) float64 {
			return math.Log(math.Gamma(a[0]+a[1]) / math.Gamma(a[0]))
		}),
		"gamma_p": scalars("gonum mathext.GammaIncReg", [][2]float64{{0.5, 5}, {0.1, 8}}, func(a []float64) float64 { return mathext.GammaIncReg(a[0], a[1]) }),
		"gamma_q": scalars("gonum mathext.GammaIncRegComp", [][2]float64{{0.5, 5}, {0.1, 8}}, func(a []float64) float64 { return mathext.GammaIncRegComp(a[0], a[1]) }),
		"inc_beta": scalars("gonum mathext.RegIncBeta", [][2]float64{{0.5, 5}, {0.5, 5}, {0.05, 0.95}}, func(a []float64) float64 {
			return mathext.RegIncBeta(a[0], a[1], a[2])
		}),
		// Owen's eq. 2.1 by quadrature straight over [0, a], even for a > 1
		"owens_t": scalars("Owen's integral by 400-point Gauss–Legendre", [][2]float64{{-2, 2}, {-2, 2}}, func(x []float64) float64 {
			h, a, sign := x[0], x[1], 1.0
			if a < 0 { // T is odd in a
				a, sign = -a, -1
			}
			return sign * legendre(func(u float64) float64 { return math.Exp(-h*h*(1+u*u)/2) / (1 + u*u) }, 0, a) / (2 * math.Pi)
		}),
		"log_modified_bessel_first_kind": scalars("its integral, DLMF 10.32.4, by Gauss–Legendre", [][2]float64{{0, 3}, {0.5, 5}}, func(a []float64) float64 {
			return logBesselIntegral(a[0], a[1])
		}),
	} {
		funcReferences[name] = ref
	}
	xs := func(a []library.Tensor) (float64, float64) { return a[0].X[0], a[1].X[0] }
	funcReferences["log_inv_logit_diff"] = librarytest.FuncReference{Src: "log(1/(1+e^-x) - 1/(1+e^-y))",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			x := uniform(r, 1, -1, 2)[0]
			return 0, []library.Tensor{library.Scalar(x), library.Scalar(x - uniform(r, 1, 0.1, 2)[0])}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			x, y := xs(a)
			return library.Scalar(math.Log(1/(1+math.Exp(-x)) - 1/(1+math.Exp(-y))))
		}}
	funcReferences["binomial_coefficient_log"] = librarytest.FuncReference{Src: "log of Pascal's triangle",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 2 + r.IntN(20)
			return 0, []library.Tensor{library.Scalar(float64(n)), library.Scalar(float64(1 + r.IntN(n-1)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n, k := xs(a)
			return library.Scalar(math.Log(pascal(int(n), int(k))))
		}}
	funcReferences["choose"] = librarytest.FuncReference{Src: "Pascal's triangle",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := r.IntN(30)
			return 0, []library.Tensor{library.Scalar(float64(n)), library.Scalar(float64(r.IntN(n + 3)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n, k := xs(a)
			return library.Scalar(pascal(int(n), int(k)))
		},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{library.Scalar(40), library.Scalar(20)}, Want: "choose(40, 20) = 1.3784652882e+11 overflows int"},
			{Args: []library.Tensor{library.Scalar(-1), library.Scalar(2)}, Want: "n and k must be non-negative"}}}
	funcReferences["lmgamma"] = librarytest.FuncReference{Src: "Γ_2 by Legendre's duplication (log π + (2-2x) log 2 + lgamma(2x-1)), else Muirhead's product",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, intsThenReal(r, 1, 4, 2, 5) },
		Value: func(_ int, a []library.Tensor) library.Tensor {
			k, x := xs(a)
			if k == 2 {
				return library.Scalar(math.Log(math.Pi) + (2-2*x)*math.Ln2 + librarytest.Lg(2*x-1))
			}
			p := math.Pow(math.Pi, k*(k-1)/4)
			for j := 1.0; j <= k; j++ {
				p *= math.Gamma(x + (1-j)/2)
			}
			return library.Scalar(math.Log(p))
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(0), library.Scalar(2)}, Want: "the dimension k is 0, but must be at least 1"}}}
	funcReferences["falling_factorial"] = librarytest.FuncReference{Src: "x (x-1) ... (x-n+1)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			a := intsThenReal(r, 0, 3, 3, 6)
			return 0, []library.Tensor{a[1], a[0]}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			x, n := xs(a)
			p := 1.0
			for i := 0.0; i < n; i++ {
				p *= x - i
			}
			return library.Scalar(p)
		}}
	funcReferences["rising_factorial"] = librarytest.FuncReference{Src: "x (x+1) ... (x+n-1)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			a := intsThenReal(r, 0, 4, 0.5, 4)
			return 0, []library.Tensor{a[1], a[0]}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			x, n := xs(a)
			p := 1.0
			for i := 0.0; i < n; i++ {
				p *= x + i
			}
			return library.Scalar(p)
		}}
	funcReferences["bessel_first_kind"] = librarytest.FuncReference{Src: "Go's math.Jn",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, intsThenReal(r, 0, 4, -5, 5) },
		Value: func(_ int, a []library.Tensor) library.Tensor {
			v, z := xs(a)
			return library.Scalar(math.Jn(int(v), z))
		}}
	funcReferences["modified_bessel_first_kind"] = librarytest.FuncReference{Src: "1/π ∫_0^π e^{z cos θ} cos(vθ) dθ (DLMF 10.32.3), Gauss–Legendre",
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, intsThenReal(r, 0, 4, -4, 4) },
		Value: func(_ int, a []library.Tensor) library.Tensor {
			v, z := xs(a)
			return library.Scalar(legendre(func(th float64) float64 { return math.Exp(z*math.Cos(th)) * math.Cos(v*th) }, 0, math.Pi) / math.Pi)
		}}
}
