package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Dims is dims(x): x's dimensions as an array of ints (Stan Functions
// Reference, "Array size and dimension function"), as Stan Math's dims()
// gives them: an array's size and then, when it is not empty, its
// elements' dimensions; a vector or row vector's rows and columns (so
// vector[n] gives {n, 1} and row_vector[n] {1, n}), a matrix's rows and
// columns; nothing for an int or a real. One overload per element kind and
// number of array dimensions (up to Stan's eight), as the element kind
// tells a vector from a row vector where the dimensions do not.
var Dims = &library.Func{
	Name:      "dims",
	Doc:       "the dimensions of a value, array dimensions first",
	Overloads: dimsOverloads(),
	Sizes:     library.Independent(library.OneArg),
}

func init() { registerFunc(Dims) }

// maxArrayDims is the most array dimensions Stan allows.
const maxArrayDims = 8

func dimsOverloads() []library.Signature {
	var out []library.Signature
	for n := 0; n <= maxArrayDims; n++ {
		for _, k := range []library.Kind{library.KindInt, library.KindReal, library.KindVector, library.KindRowVector, library.KindMatrix} {
			out = append(out, library.Signature{Params: []library.Arg{library.Exact("", library.Type{Kind: k, Dims: n})}, Ret: library.TypeInts,
				Value: func(o library.Tensors, a []library.Value) library.Value { return dimsOf(o, a[0], k) }})
		}
	}
	return out
}

// dimsOf is the dims of x, whose elements are of kind k.
func dimsOf(o library.Tensors, x library.Value, k library.Kind) library.Value {
	d := o.Dims(x)
	inner := map[library.Kind]int{library.KindVector: 1, library.KindRowVector: 1, library.KindMatrix: 2}[k]
	var out []int
	for _, n := range d[:len(d)-inner] {
		out = append(out, n)
		if n == 0 {
			return intsOf(o, out)
		}
	}
	switch k {
	case library.KindVector:
		out = append(out, d[len(d)-1], 1)
	case library.KindRowVector:
		out = append(out, 1, d[len(d)-1])
	case library.KindMatrix:
		out = append(out, d[len(d)-2], d[len(d)-1])
	}
	return intsOf(o, out)
}

// intsOf is the array of ints ns, known when the model is compiled.
func intsOf(o library.Tensors, ns []int) library.Value {
	xs := make([]library.Value, len(ns))
	for i, n := range ns {
		xs[i] = o.Const(float64(n))
	}
	return o.FromElems([]int{len(xs)}, xs)
}
