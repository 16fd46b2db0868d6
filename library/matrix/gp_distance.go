package matrix

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// gpArgs are the arguments of a covariance function's call, split: the
// points x1 and x2 (x2 is x1 for the symmetric overloads, sym), and the
// remaining arguments (σ, length scales, a period).
type gpArgs struct {
	x1, x2 library.Value
	sym    bool
	rest   []library.Value
}

// splitGP splits the arguments a of the call name: one or two arrays of
// points, then nRest others; a point that is known and NaN fails the call
// (Stan's check_not_nan).
func splitGP(o library.Tensors, name string, a []library.Value, nRest int) gpArgs {
	g := gpArgs{x1: a[0], x2: a[0], sym: len(a) == nRest+1, rest: a[len(a)-nRest:]}
	if !g.sym {
		g.x2 = a[1]
	}
	for _, x := range []library.Value{g.x1, g.x2} {
		if xs, ok := o.Known(x); ok {
			for _, v := range xs {
				if math.IsNaN(v) {
					o.Fail("%s: a point is NaN", name)
				}
			}
		}
	}
	return g
}

// pairs builds the n1 x n2 matrix whose element (i, j) is f(i, j) of the
// points, after checking that they have one dimension d. For the
// symmetric overloads the lower triangle is the upper's, as Stan Math
// fills it, and the diagonal diag(i, d), where that is set.
func (g gpArgs) pairs(o library.Tensors, name string, diag func(i, d int) library.Value, f func(i, j, d int) library.Value) library.Value {
	n1, d := points(o, g.x1)
	n2, d2 := points(o, g.x2)
	if d != d2 {
		o.Fail("%s: the points of x1 have %d dimensions, those of x2 %d", name, d, d2)
	}
	out := make([]library.Value, n1*n2)
	for i := range n1 {
		for j := range n2 {
			switch {
			case g.sym && i == j && diag != nil:
				out[i*n2+j] = diag(i, d)
			case g.sym && j < i:
				out[i*n2+j] = out[j*n2+i]
			default:
				out[i*n2+j] = f(i, j, d)
			}
		}
	}
	return o.FromElems([]int{n1, n2}, out)
}

// distances is the matrix of Euclidean distances |x1_i - x2_j| (0 on the
// symmetric overloads' diagonal, where the square root would have no
// derivative), each coordinate divided by its length scale when l is an
// array of them (automatic relevance determination).
func (g gpArgs) distances(o library.Tensors, name string, l library.Value) library.Value {
	ard := len(o.Dims(l)) > 0
	coord := func(x library.Value, i, k, d int) library.Value {
		c := o.Elem(x, i*d+k)
		if ard {
			c = o.Div(c, o.Elem(l, k))
		}
		return c
	}
	_, d := points(o, g.x1)
	if ard && o.Dims(l)[0] != d {
		o.Fail("%s: %d length scales for points of %d dimensions", name, o.Dims(l)[0], d)
	}
	return g.pairs(o, name, func(int, int) library.Value { return o.Const(0) }, func(i, j, d int) library.Value {
		s := o.Square(o.Sub(coord(g.x1, i, 0, d), coord(g.x2, j, 0, d)))
		for k := 1; k < d; k++ {
			s = o.Add(s, o.Square(o.Sub(coord(g.x1, i, k, d), coord(g.x2, j, k, d))))
		}
		return o.Sqrt(s)
	})
}

// scaledDistances is distances over the length scale: r/l, or with an
// array of length scales the distance of the scaled coordinates.
func (g gpArgs) scaledDistances(o library.Tensors, name string, l library.Value) library.Value {
	r := g.distances(o, name, l)
	if len(o.Dims(l)) == 0 {
		r = o.Div(r, l)
	}
	return r
}
