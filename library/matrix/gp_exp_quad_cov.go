package matrix

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// GpExpQuadCov is gp_exp_quad_cov, the exponentiated quadratic kernel
// (Stan Functions Reference, "Gaussian process covariance functions",
// "Exponentiated quadratic kernel"):
//
//	k(x_i, x_j) = σ² exp(-|x_i - x_j|² / (2 l²)),
//
// the matrix of k over the points x (symmetric, σ² on the diagonal) or
// over the pairs of x1 and x2; with an array of length scales, one per
// dimension (automatic relevance determination), σ² exp(-½ |x_i/l -
// x_j/l|²), the division elementwise. The points are reals or vectors.
// It is computed as Stan Math's gp_exp_quad_cov is: σ² times
// exp(d² · (-0.5/l²)), d² the squared distance; with data points the
// distances are known when the model is compiled, so the matrix is three
// elementwise ops over them.
var GpExpQuadCov = &library.Func{
	Name:      "gp_exp_quad_cov",
	Doc:       "the exponentiated quadratic kernel matrix σ² exp(-|x_i - x_j|² / (2 l²))",
	Overloads: expQuadOverloads(true),
	Sizes:     library.Independent(expQuadSizes),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return expQuadCov(o, "gp_exp_quad_cov", a) },
}

func init() { registerFunc(GpExpQuadCov) }

// expQuadSizes: the overloads relate different arguments, each stating its
// rule.
const expQuadSizes = "each overload states its rule: the points of x1 and x2 have one dimension, and as many length scales"

// expQuadOverloads: x, or x1 and x2, arrays of reals or of vectors, then σ
// and l; with ard, also an array of length scales for vectors. The vectors
// of x1 and x2 have one length, that of the array of length scales.
func expQuadOverloads(ard bool) []library.Signature {
	reals, vectors := library.Type{Kind: library.KindReal, Dims: 1}, library.Type{Kind: library.KindVector, Dims: 1}
	sig := func(rule library.SizeRule, l library.Type, xs ...library.Type) library.Signature {
		var ps []library.Arg
		for _, x := range xs {
			ps = append(ps, library.Exact("", x))
		}
		return library.Signature{Params: append(ps, library.Exact("", library.TypeReal), library.Exact("", l)), Ret: library.TypeMatrix, Sizes: &rule}
	}
	onePoints := library.Independent("one array of points, whose vectors share their length by type")
	twoPoints := library.Independent("x1 and x2 are any two sets of points")
	out := []library.Signature{sig(onePoints, library.TypeReal, reals), sig(twoPoints, library.TypeReal, reals, reals),
		sig(onePoints, library.TypeReal, vectors), sig(library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)), library.TypeReal, vectors, vectors)}
	if ard {
		out = append(out, sig(library.SizeGroups(library.SameSize(library.SizeLen, 0, 2)), reals, vectors),
			sig(library.SizeGroups(library.SameSize(library.SizeLen, 0, 1, 3)), reals, vectors, vectors))
	}
	return out
}

// expQuadCov is the kernel matrix of the call name with arguments a: (x, σ,
// l) or (x1, x2, σ, l), after Stan's argument checks (check_positive on σ
// and l, check_not_nan on the points) where they are known.
func expQuadCov(o library.Tensors, name string, a []library.Value) library.Value {
	x1, x2, rest := a[0], a[0], a[1:]
	sym := len(a) == 3
	if !sym {
		x2, rest = a[1], a[2:]
	}
	sigma, l := rest[0], rest[1]
	checkPositive(o, name, "magnitude", sigma)
	checkPositive(o, name, "length scale", l)
	for _, x := range []library.Value{x1, x2} {
		if xs, ok := o.Known(x); ok {
			for _, v := range xs {
				if math.IsNaN(v) {
					o.Fail("%s: a point is NaN", name)
				}
			}
		}
	}
	n1, d := points(o, x1)
	n2, d2 := points(o, x2)
	if d != d2 {
		o.Fail("%s: the points of x1 have %d dimensions, those of x2 %d", name, d, d2)
	}
	ard := len(o.Dims(l)) > 0
	if ard && o.Dims(l)[0] != d {
		o.Fail("%s: %d length scales for points of %d dimensions", name, o.Dims(l)[0], d)
	}
	coord := func(x library.Value, i, k int) library.Value {
		c := o.Elem(x, i*d+k)
		if ard {
			c = o.Div(c, o.Elem(l, k))
		}
		return c
	}
	sqDist := func(i, j int) library.Value {
		s := o.Square(o.Sub(coord(x1, i, 0), coord(x2, j, 0)))
		for k := 1; k < d; k++ {
			s = o.Add(s, o.Square(o.Sub(coord(x1, i, k), coord(x2, j, k))))
		}
		return s
	}
	ds := make([]library.Value, n1*n2)
	for i := range n1 {
		for j := range n2 {
			switch {
			case sym && i == j:
				ds[i*n2+j] = o.Const(0)
			case sym && j < i:
				ds[i*n2+j] = ds[j*n2+i] // the upper triangle's, computed in an earlier row
			default:
				ds[i*n2+j] = sqDist(i, j)
			}
		}
	}
	scale := o.Const(-0.5)
	if !ard {
		scale = o.Div(scale, o.Square(l))
	}
	return o.Mul(o.Square(sigma), o.Exp(o.Mul(o.FromElems([]int{n1, n2}, ds), scale)))
}

// points is the number of points in x (an array of reals or of vectors)
// and their dimension.
func points(o library.Tensors, x library.Value) (n, d int) {
	dims := o.Dims(x)
	if len(dims) == 1 {
		return dims[0], 1
	}
	return dims[0], dims[1]
}

// checkPositive is Stan's check_positive on an argument known when the
// call is built: every element > 0.
func checkPositive(o library.Tensors, name, what string, x library.Value) {
	if xs, ok := o.Known(x); ok {
		for _, v := range xs {
			if !(v > 0) {
				o.Fail("%s: %s is %g, but must be positive", name, what, v)
			}
		}
	}
}
