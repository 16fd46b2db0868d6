package mvdists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of multi_normal_prec, the multivariate Student-t
// families, multinomial_logit and dirichlet_multinomial: closed forms over
// gonum's mat.Cholesky and mat.Dense.Inverse (gonum's distmv.StudentsT
// would need golang.org/x/tools in go.sum, as distmv.Normal would).

func init() {
	for name, ref := range vectorReferences {
		mvReferences[name] = ref
	}
}

// mvtRef is Σ over the pairs of the multivariate Student-t density
// (Kotz & Nadarajah, "Multivariate t Distributions and Their
// Applications", eq. 1.1): lgamma((ν+K)/2) - lgamma(ν/2) - K/2 log(νπ) -
// log det Σ / 2 - (ν+K)/2 log(1 + r'Σ⁻¹r/ν).
func mvtRef(y library.Tensor, nu float64, mu library.Tensor, sigma mat.Symmetric) float64 {
	var ch mat.Cholesky
	if !ch.Factorize(sigma) {
		return math.NaN()
	}
	ys, ms := rowsT(y), rowsT(mu)
	s := 0.0
	for i := range max(len(ys), len(ms)) {
		yi, mi := ys[min(i, len(ys)-1)], ms[min(i, len(ms)-1)]
		k := float64(len(yi))
		rv := mat.NewVecDense(len(yi), nil)
		for j := range yi {
			rv.SetVec(j, yi[j]-mi[j])
		}
		var z mat.VecDense
		if err := ch.SolveVecTo(&z, rv); err != nil {
			return math.NaN()
		}
		s += librarytest.Lg((nu+k)/2) - librarytest.Lg(nu/2) - k/2*math.Log(nu*math.Pi) - ch.LogDet()/2 - (nu+k)/2*math.Log(1+mat.Dot(rv, &z)/nu)
	}
	return s
}

// mvtDropped: per pair K/2 log π; the ν terms when ν is data, log det Σ /
// 2 when the matrix (or its factor) is.
func mvtDropped(a []library.Tensor, data []bool, logDet float64) float64 {
	n := max(len(rowsT(a[0])), len(rowsT(a[2])))
	k := float64(len(rowsT(a[0])[0]))
	nu := a[1].X[0]
	d := -k / 2 * math.Log(math.Pi)
	if data[1] {
		d += librarytest.Lg((nu+k)/2) - librarytest.Lg(nu/2) - k/2*math.Log(nu)
	}
	if data[3] {
		d -= logDet / 2
	}
	return float64(n) * d
}

// mvtCase is an outcome and a location, each a vector or an array of two,
// ν, and the matrix made by mat of a random SPD.
func mvtCase(r *rand.Rand, m func(*mat.SymDense) library.Tensor) []library.Tensor {
	y, mu := librarytest.RandVec(r, 3), librarytest.RandVec(r, 3)
	switch r.IntN(3) {
	case 1:
		y = librarytest.Arr(y, librarytest.RandVec(r, 3))
	case 2:
		mu = librarytest.Arr(mu, librarytest.RandVec(r, 3))
	}
	return []library.Tensor{y, library.Scalar(0.5 + 6*r.Float64()), mu, m(librarytest.RandSPD(r, 3))}
}

func inverseSym(t library.Tensor) *mat.SymDense {
	var m mat.Dense
	if err := m.Inverse(denseOf(t)); err != nil {
		panic(err)
	}
	k := t.Dims[0]
	s := mat.NewSymDense(k, nil)
	for i := range k {
		for j := 0; j <= i; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	return s
}

var (
	// Ω = [4 1.2; 1.2 1]⁻¹
	precRng = librarytest.Mat2(2, 1/2.56, -1.2/2.56, -1.2/2.56, 4/2.56)
	lgt     = []float64{math.Log(0.2), math.Log(0.5), math.Log(0.3)}
	// dirichlet_multinomial(α = (2, 3, 5), N = 10): p = α/α₀, Var y_k =
	// N p_k (1-p_k) (N+α₀)/(1+α₀)
	dmVar = func(p float64) float64 { return 10 * p * (1 - p) * 20 / 11 }
)

var vectorReferences = map[string]librarytest.MvReference{
	"multi_normal_prec": {Src: "gonum mat.Cholesky of Ω⁻¹ (mat.Dense.Inverse)",
		Cases: func(r *rand.Rand) []library.Tensor {
			c := mvtCase(r, func(s *mat.SymDense) library.Tensor { return librarytest.SymT(s) })
			return []library.Tensor{c[0], c[2], c[3]}
		},
		Lpdf: func(a []library.Tensor) float64 { return mvnRef(a[0], a[1], inverseSym(a[2])) },
		Dropped: func(a []library.Tensor, data []bool) float64 {
			return mvnDropped(a, data, -logDetT(a[2]))
		},
		Rng: []library.Tensor{librarytest.Vec(1, -1), precRng}, Mean: []float64{1, -1}, Variance: []float64{4, 1},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "the precision matrix is not positive definite"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 0.5, 0.4, 1)}, Want: "the precision matrix is not symmetric at [2,1]"}}},
	"multi_student_t": {Src: "closed form over gonum mat.Cholesky",
		Cases: func(r *rand.Rand) []library.Tensor {
			return mvtCase(r, func(s *mat.SymDense) library.Tensor { return librarytest.SymT(s) })
		},
		Lpdf:    func(a []library.Tensor) float64 { return mvtRef(a[0], a[1].X[0], a[2], symOf(a[3])) },
		Dropped: func(a []library.Tensor, data []bool) float64 { return mvtDropped(a, data, logDetT(a[3])) },
		// Var y_i = ν/(ν-2) Σ_ii
		Rng: []library.Tensor{library.Scalar(10), librarytest.Vec(1, -1), librarytest.Mat2(2, 2, 0.5, 0.5, 1)}, Mean: []float64{1, -1}, Variance: []float64{2.5, 1.25},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 0), library.Scalar(-1), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "the degrees of freedom must be positive; found -1"},
			{Args: []library.Tensor{librarytest.Vec(0, 0), library.Scalar(1), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "the scale matrix is not positive definite"},
			{Rng: true, Args: []library.Tensor{library.Scalar(1), librarytest.Vec(0, 0), librarytest.Mat2(3, 1, 0, 0, 0, 1, 0, 0, 0, 1)}, Want: "size mismatch: a location of size 2 needs a 2 x 2 matrix"}}},
	"multi_student_t_cholesky": {Src: "closed form over gonum mat.Cholesky of L L'",
		Cases: func(r *rand.Rand) []library.Tensor { return mvtCase(r, cholT) },
		Lpdf:  func(a []library.Tensor) float64 { return mvtRef(a[0], a[1].X[0], a[2], outer(a[3])) },
		Dropped: func(a []library.Tensor, data []bool) float64 {
			return mvtDropped(a, data, 2*logDiag(a[3]))
		},
		// L L' = [1 0.6; 0.6 1]
		Rng: []library.Tensor{library.Scalar(10), librarytest.Vec(1, -1), librarytest.Mat2(2, 1, 0, 0.6, 0.8)}, Mean: []float64{1, -1}, Variance: []float64{1.25, 1.25},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 0), library.Scalar(0), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "the degrees of freedom must be positive; found 0"},
			{Rng: true, Args: []library.Tensor{library.Scalar(math.NaN()), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "the degrees of freedom must be positive; found NaN"}}},
	"multinomial_logit": {Src: "closed form of multinomial(softmax(γ)), math.Lgamma",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{librarytest.Vec(2, 0, 5), librarytest.RandVec(r, 3)}
		},
		Lpdf: func(a []library.Tensor) float64 {
			theta := Softmax(a[1].X)
			n, s := 0.0, 0.0
			for k, c := range a[0].X {
				n += c
				s += -librarytest.Lg(c+1) + c*math.Log(theta[k])
			}
			return s + librarytest.Lg(n+1)
		},
		Dropped: func(a []library.Tensor, _ []bool) float64 {
			n, s := 0.0, 0.0
			for _, c := range a[0].X {
				n, s = n+c, s-librarytest.Lg(c+1)
			}
			return s + librarytest.Lg(n+1)
		},
		Rng: []library.Tensor{librarytest.Vec(lgt...), library.Scalar(10)}, Mean: []float64{2, 5, 3}, Variance: []float64{1.6, 2.5, 2.1},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1, -2, 0), librarytest.Vec(0, 0, 0)}, Want: "multinomial_logit: the count is -2 at position 2, but must be a non-negative int"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(0, math.Inf(1)), library.Scalar(3)}, Want: "the log odds holds +Inf, but must be finite"}}},
	// Γ(α₀) Γ(N+1) / Γ(N+α₀) Π Γ(y_k+α_k) / (Γ(α_k) Γ(y_k+1))
	// (Functions Reference, "Dirichlet-multinomial distribution")
	"dirichlet_multinomial": {Src: "closed form, math.Lgamma",
		Cases: func(r *rand.Rand) []library.Tensor {
			y := librarytest.Vec(2, 0, 5, 1)
			if r.IntN(4) == 0 {
				y = librarytest.Vec(0, 0, 0, 0)
			}
			return []library.Tensor{y, librarytest.Vec(0.5+2*r.Float64(), 0.5+2*r.Float64(), 1, 3)}
		},
		Lpdf: dirichletMultinomialRef,
		// log N - Σ_{y_k>0} log y_k, and everything when α is data
		Dropped: func(a []library.Tensor, data []bool) float64 {
			n, d := 0.0, 0.0
			for _, c := range a[0].X {
				n += c
				if c > 0 {
					d -= math.Log(c)
				}
			}
			if n == 0 {
				return 0
			}
			if data[1] {
				return dirichletMultinomialRef(a)
			}
			return d + math.Log(n)
		},
		Rng: []library.Tensor{librarytest.Vec(2, 3, 5), library.Scalar(10)}, Mean: []float64{2, 3, 5}, Variance: []float64{dmVar(0.2), dmVar(0.3), dmVar(0.5)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1, 2), librarytest.Vec(1, 0)}, Want: "the prior counts must be positive and finite; found 0"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(1, 1), library.Scalar(-3)}, Want: "the total count is negative (-3)"}}},
}

func dirichletMultinomialRef(a []library.Tensor) float64 {
	n, a0, s := 0.0, 0.0, 0.0
	for k, c := range a[0].X {
		al := a[1].X[k]
		n, a0 = n+c, a0+al
		s += librarytest.Lg(c+al) - librarytest.Lg(al) - librarytest.Lg(c+1)
	}
	return s + librarytest.Lg(a0) + librarytest.Lg(n+1) - librarytest.Lg(n+a0)
}
