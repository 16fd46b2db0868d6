package matrix

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the covariance functions beside gp_exp_quad_cov:
// each kernel matrix in loops over the points, from the formula of the
// Functions Reference, "Gaussian process covariance functions", written
// with the distance r = √Σ_k ((x_ik - x_jk)/l_k)² (l_k = 1 but for the
// overloads with a length scale per dimension).

// gpRef is the matrix of k(x1_i, x2_j, rest) over the points of a, whose
// last nRest arguments are rest; r is their distance, each coordinate
// over its length scale when scaled says the argument at that place is an
// array of them.
func gpRef(a []library.Tensor, nRest int, k func(x1, x2 []float64, rest []library.Tensor) float64) library.Tensor {
	x1, x2 := a[0], a[0]
	if len(a) == nRest+2 {
		x2 = a[1]
	}
	d := 1
	if len(x1.Dims) == 2 {
		d = x1.Dims[1]
	}
	n1, n2 := x1.Dims[0], x2.Dims[0]
	out := library.Tensor{Dims: []int{n1, n2}}
	for i := range n1 {
		for j := range n2 {
			out.X = append(out.X, k(x1.X[i*d:(i+1)*d], x2.X[j*d:(j+1)*d], a[len(a)-nRest:]))
		}
	}
	return out
}

// dist is |u - v|, each coordinate over its length scale in l, when l
// is set.
func dist(u, v, l []float64) float64 {
	s := 0.0
	for k := range u {
		lk := 1.0
		if l != nil {
			lk = l[k]
		}
		s += (u[k] - v[k]) / lk * (u[k] - v[k]) / lk
	}
	return math.Sqrt(s)
}

// matern is the row of a Matérn kernel: f of the scaled distance r/l.
func matern(src string, f func(s float64) float64) librarytest.FuncReference {
	return librarytest.FuncReference{Src: src,
		Cases: func(r *rand.Rand) (int, []library.Tensor) { return expQuadCase(r, 6) },
		Value: func(o int, a []library.Tensor) library.Tensor {
			return gpRef(a, 2, func(x1, x2 []float64, rest []library.Tensor) float64 {
				sigma, l := rest[0].X[0], rest[1].X
				var s float64
				if o >= 4 { // a length scale per dimension
					s = dist(x1, x2, l)
				} else {
					s = dist(x1, x2, nil) / l[0]
				}
				return sigma * sigma * f(s)
			})
		},
		Bad: []librarytest.BadCall{{Overload: 0, Args: []library.Tensor{librarytest.Vec(1, 2), library.Scalar(-1), library.Scalar(1)}, Want: "magnitude is -1, but must be positive"}}}
}

func init() {
	funcReferences["gp_exponential_cov"] = matern("σ² exp(-r/l) in loops (\"Exponential kernel\")", func(s float64) float64 { return math.Exp(-s) })
	funcReferences["gp_matern32_cov"] = matern("σ² (1 + √3 r/l) exp(-√3 r/l) in loops (\"Matern 3/2 kernel\")", func(s float64) float64 {
		return (1 + math.Sqrt(3)*s) * math.Exp(-math.Sqrt(3)*s)
	})
	funcReferences["gp_matern52_cov"] = matern("σ² (1 + √5 r/l + 5r²/(3l²)) exp(-√5 r/l) in loops (\"Matern 5/2 kernel\")", func(s float64) float64 {
		return (1 + math.Sqrt(5)*s + 5*s*s/3) * math.Exp(-math.Sqrt(5)*s)
	})
	funcReferences["gp_periodic_cov"] = librarytest.FuncReference{Src: "σ² exp(-2 sin²(π r/p)/l²) in loops (\"Periodic kernel\")",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, a := expQuadCase(r, 4)
			return o, append(a, library.Scalar(0.5+2*r.Float64()))
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return gpRef(a, 3, func(x1, x2 []float64, rest []library.Tensor) float64 {
				sigma, l, p := rest[0].X[0], rest[1].X[0], rest[2].X[0]
				s := math.Sin(math.Pi * dist(x1, x2, nil) / p)
				return sigma * sigma * math.Exp(-2*s*s/(l*l))
			})
		},
		Bad: []librarytest.BadCall{{Overload: 0, Args: []library.Tensor{librarytest.Vec(1, 2), library.Scalar(1), library.Scalar(1), library.Scalar(0)}, Want: "period is 0, but must be positive"}}}
	funcReferences["gp_dot_prod_cov"] = librarytest.FuncReference{Src: "σ² + Σ_k x_ik x_jk in loops (\"Dot product kernel\")",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, a := expQuadCase(r, 4)
			return o, a[:len(a)-1]
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return gpRef(a, 1, func(x1, x2 []float64, rest []library.Tensor) float64 {
				s := rest[0].X[0] * rest[0].X[0]
				for k := range x1 {
					s += x1[k] * x2[k]
				}
				return s
			})
		},
		Bad: []librarytest.BadCall{{Overload: 0, Args: []library.Tensor{librarytest.Vec(1, 2), library.Scalar(-0.5)}, Want: "sigma is -0.5, but must be non-negative"}}}
}
