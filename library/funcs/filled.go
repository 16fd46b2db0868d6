package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// The containers that Stan fills from int arguments (Stan Functions
// Reference, "Matrix and vector constructors", "Array constructors"):
// zeros_, ones_, linspaced_, one_hot_ and uniform_ of each shape, one row
// per family, a Func per shape; their values are data, computed when the
// call is built.

// filledShapes are the result types of a family's functions, by suffix.
var filledShapes = []struct {
	suffix string
	ret    library.Type
}{
	{"vector", library.TypeVector},
	{"row_vector", library.TypeRowVector},
	{"array", library.Type{Kind: library.KindReal, Dims: 1}},
	{"int_array", library.TypeInts},
}

// filledFamilies are the families: their real arguments after the length
// (linspaced's bounds), the shapes they have, and the elements from the
// length n and the arguments.
var filledFamilies = []struct {
	name   string
	doc    string // what an entry of the family computes, for its Doc
	reals  int
	shapes []string
	fill   func(o library.Tensors, name string, n int, xs []float64) []float64
}{
	{"zeros", "n zeros", 0, []string{"vector", "row_vector", "array", "int_array"},
		func(_ library.Tensors, _ string, n int, _ []float64) []float64 { return make([]float64, n) }},
	{"ones", "n ones", 0, []string{"vector", "row_vector", "array", "int_array"},
		func(_ library.Tensors, _ string, n int, _ []float64) []float64 { return constant(n, 1) }},
	// linspaced_*(n, lo, hi): n evenly spaced from lo to hi, lo + i (hi -
	// lo)/(n - 1), as Eigen's LinSpaced; hi alone when n is 1; of ints,
	// linspacedInts
	{"linspaced", "n evenly spaced values from lo to hi", 2, []string{"vector", "row_vector", "array", "int_array"},
		func(o library.Tensors, name string, n int, xs []float64) []float64 {
			lo, hi := xs[0], xs[1]
			if hi < lo {
				o.Fail("%s: high (%g) must be at least low (%g)", name, hi, lo)
			}
			if name == "linspaced_int_array" {
				return linspacedInts(n, int(lo), int(hi))
			}
			out := make([]float64, n)
			for i := range out {
				out[i] = lo + float64(i)*(hi-lo)/float64(n-1)
			}
			if n == 1 {
				out[0] = hi
			}
			return out
		}},
	{"one_hot", "n zeros but a one at the index k", 1, []string{"vector", "row_vector", "array", "int_array"},
		func(o library.Tensors, name string, n int, xs []float64) []float64 {
			k := int(xs[0])
			if n < 1 || k < 1 || k > n {
				o.Fail("%s(%d, %d): the index must be in 1 to the size, which must be at least 1", name, n, k)
			}
			out := make([]float64, n)
			out[k-1] = 1
			return out
		}},
	{"uniform", "the simplex of n equal elements 1/n", 0, []string{"simplex"},
		func(o library.Tensors, name string, n int, _ []float64) []float64 {
			if n < 1 {
				o.Fail("%s: the size must be at least 1; found %d", name, n)
			}
			return constant(n, 1/float64(n))
		}},
}

// linspacedInts is linspaced_int_array(n, lo, hi), Eigen's integer
// LinSpaced as Stan Math calls it (Eigen 3.4, linspaced_op_impl for
// integers): hi alone for n = 1; where hi - lo ≥ n - 1, lo + i d with the
// step d = (hi - lo)/(n - 1) in integer division, so that hi is lowered to
// the last multiple; else each value repeated, lo + i/r with r = (n + hi -
// lo)/(hi - lo + 1), integer divisions both.
func linspacedInts(n, lo, hi int) []float64 {
	out := make([]float64, n)
	for i := range out {
		switch {
		case n == 1:
			out[i] = float64(hi)
		case hi-lo+1 < n:
			out[i] = float64(lo + i/((n+hi-lo)/(hi-lo+1)))
		default:
			out[i] = float64(lo + i*((hi-lo)/(n-1)))
		}
	}
	return out
}

// boundsData is why linspaced's bounds are data, as Stan's (data real).
const boundsData = "the bounds must be data"

// constant is n copies of x.
func constant(n int, x float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

func init() {
	for _, f := range filledFamilies {
		for _, s := range f.shapes {
			name := f.name + "_" + s
			ret := library.TypeVector // uniform_simplex
			for _, sh := range filledShapes {
				if sh.suffix == s {
					ret = sh.ret
				}
			}
			dataOnly := ""
			if f.name == "linspaced" {
				dataOnly = boundsData
			}
			params := []library.Arg{library.Exact("", library.TypeInt)}
			for range f.reals {
				t := library.TypeReal
				if f.name == "one_hot" || name == "linspaced_int_array" {
					t = library.TypeInt
				}
				params = append(params, library.Exact("", t))
			}
			registerFunc(&library.Func{Name: name, Doc: f.doc,
				Overloads: []library.Signature{{Params: params, Ret: ret}},
				Sizes:     library.Independent(intSizes),
				DataOnly:  dataOnly,
				Value: func(o library.Tensors, a []library.Value) library.Value {
					n := repSizes(o, name, a[:1])[0]
					xs := make([]float64, len(a)-1)
					for i, x := range a[1:] {
						v, ok := o.Known(x)
						if !ok || !o.Data(x) {
							o.Fail("bayes cannot compile %s of parameters: %s", name, boundsData)
						}
						xs[i] = v[0]
					}
					return o.FromKnown([]int{n}, f.fill(o, name, n, xs))
				}})
		}
	}
}
