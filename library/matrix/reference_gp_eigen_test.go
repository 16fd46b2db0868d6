package matrix

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the covariance kernels and the symmetric
// eigendecomposition.
func init() {
	for name, ref := range map[string]librarytest.FuncReference{
		"gp_exp_quad_cov": {Src: "σ² exp(-Σ_k (x_ik - x_jk)²/(2 l_k²)) in loops (Functions Reference, \"Exponentiated quadratic kernel\")",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return expQuadCase(r, 6) }, Value: expQuadRef},
		"cov_exp_quad": {Src: "σ² exp(-|x_i - x_j|²/(2 l²)) in loops (Functions Reference 2.18, \"Covariance functions\")",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return expQuadCase(r, 4) }, Value: expQuadRef},
		"eigenvalues_sym": {Src: "gonum mat.Eigen (the general, nonsymmetric solver), sorted",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{randSym(r)} },
			Value: func(_ int, a []library.Tensor) library.Tensor {
				vals, _ := eigenRef(a[0])
				return librarytest.Vec(vals...)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, Want: "eigenvalues_sym: the matrix is not symmetric: [2,1] is 3, [1,2] is 2"}}},
		"eigenvectors_sym": {Src: "gonum mat.Eigen (the general, nonsymmetric solver), sorted, unit length, largest element positive",
			Cases: func(r *rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{randSym(r)} },
			Value: func(_ int, a []library.Tensor) library.Tensor {
				vals, vecs := eigenRef(a[0])
				n := len(vals)
				return library.Tensor{Dims: []int{n, n}, X: vecs}
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, Want: "not symmetric"}}},
	} {
		funcReferences[name] = ref
	}
}

// expQuadCase draws the arguments of one of the first n overloads of
// gp_exp_quad_cov: x (or x1 and x2), arrays of reals or of vectors; σ; l,
// a real or (overloads 4, 5) one per dimension.
func expQuadCase(r *rand.Rand, n int) (int, []library.Tensor) {
	o := r.IntN(n)
	d := 1
	if o >= 2 {
		d = 1 + r.IntN(3)
	}
	pts := func() library.Tensor {
		k := 1 + r.IntN(4)
		if o < 2 {
			return librarytest.RandT(r, k)
		}
		return librarytest.RandT(r, k, d)
	}
	var a []library.Tensor
	if o%2 == 0 {
		a = []library.Tensor{pts()}
	} else {
		a = []library.Tensor{pts(), pts()}
	}
	a = append(a, library.Scalar(0.5+1.5*r.Float64()))
	if o >= 4 {
		l := make([]float64, d)
		for k := range l {
			l[k] = 0.5 + 1.5*r.Float64()
		}
		return o, append(a, librarytest.Vec(l...))
	}
	return o, append(a, library.Scalar(0.5+1.5*r.Float64()))
}

// expQuadRef is the kernel matrix written from the Functions Reference.
func expQuadRef(_ int, a []library.Tensor) library.Tensor {
	x1, x2 := a[0], a[0]
	if len(a) == 4 {
		x2 = a[1]
	}
	sigma, l := a[len(a)-2].X[0], a[len(a)-1].X
	d := 1
	if len(x1.Dims) == 2 {
		d = x1.Dims[1]
	}
	n1, n2 := x1.Dims[0], x2.Dims[0]
	out := library.Tensor{Dims: []int{n1, n2}}
	for i := range n1 {
		for j := range n2 {
			s := 0.0
			for k := range d {
				lk := l[min(k, len(l)-1)]
				s += (x1.X[i*d+k] - x2.X[j*d+k]) * (x1.X[i*d+k] - x2.X[j*d+k]) / (2 * lk * lk)
			}
			out.X = append(out.X, sigma*sigma*math.Exp(-s))
		}
	}
	return out
}

// randSym is a symmetric matrix of order 1 to 4, B + B', B with entries in
// (-1, 1): distinct eigenvalues of either sign (with probability 1).
func randSym(r *rand.Rand) library.Tensor {
	n := 1 + r.IntN(4)
	b := librarytest.RandT(r, n, n)
	t := library.Tensor{Dims: []int{n, n}, X: make([]float64, n*n)}
	for i := range n {
		for j := range n {
			t.X[i*n+j] = b.X[i*n+j] + b.X[j*n+i]
		}
	}
	return t
}

// eigenRef is the eigendecomposition of the symmetric t by gonum's general
// solver: the eigenvalues ascending, and the eigenvectors as columns in
// that order, of unit length, each with its largest element positive.
func eigenRef(t library.Tensor) (vals, vecs []float64) {
	n := t.Dims[0]
	var e mat.Eigen
	if !e.Factorize(mat.NewDense(n, n, append([]float64(nil), t.X...)), mat.EigenRight) {
		panic("mat.Eigen did not converge")
	}
	cv := e.Values(nil)
	var cm mat.CDense
	e.VectorsTo(&cm)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return real(cv[order[i]]) < real(cv[order[j]]) })
	vecs = make([]float64, n*n)
	for k, c := range order {
		vals = append(vals, real(cv[c]))
		norm, big := 0.0, 0
		for i := range n {
			x := real(cm.At(i, c))
			norm += x * x
			if math.Abs(x) > math.Abs(real(cm.At(big, c))) {
				big = i
			}
		}
		s := 1 / math.Sqrt(norm)
		if real(cm.At(big, c)) < 0 {
			s = -s
		}
		for i := range n {
			vecs[i*n+k] = s * real(cm.At(i, c))
		}
	}
	return vals, vecs
}
