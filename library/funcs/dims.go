package library

// Dims is dims(x): x's dimensions as an array of ints (Stan Functions
// Reference, "Array size and dimension function"), as Stan Math's dims()
// gives them: an array's size and then, when it is not empty, its
// elements' dimensions; a vector or row vector's rows and columns (so
// vector[n] gives {n, 1} and row_vector[n] {1, n}), a matrix's rows and
// columns; nothing for an int or a real. One overload per element kind and
// number of array dimensions (up to Stan's eight), as the element kind
// tells a vector from a row vector where the dimensions do not.
var Dims = &Func{
	Name:      "dims",
	Overloads: dimsOverloads(),
	Sizes:     independent(oneArg),
}

func init() { registerFunc(Dims) }

// maxArrayDims is the most array dimensions Stan allows.
const maxArrayDims = 8

func dimsOverloads() []Signature {
	var out []Signature
	for n := 0; n <= maxArrayDims; n++ {
		for _, k := range []Kind{KindInt, KindReal, KindVector, KindRowVector, KindMatrix} {
			out = append(out, Signature{Params: []Arg{Exact("", Type{Kind: k, Dims: n})}, Ret: TypeInts,
				Value: func(o Tensors, a []Value) Value { return dimsOf(o, a[0], k) }})
		}
	}
	return out
}

// dimsOf is the dims of x, whose elements are of kind k.
func dimsOf(o Tensors, x Value, k Kind) Value {
	d := o.Dims(x)
	inner := map[Kind]int{KindVector: 1, KindRowVector: 1, KindMatrix: 2}[k]
	var out []int
	for _, n := range d[:len(d)-inner] {
		out = append(out, n)
		if n == 0 {
			return intsOf(o, out)
		}
	}
	switch k {
	case KindVector:
		out = append(out, d[len(d)-1], 1)
	case KindRowVector:
		out = append(out, 1, d[len(d)-1])
	case KindMatrix:
		out = append(out, d[len(d)-2], d[len(d)-1])
	}
	return intsOf(o, out)
}

// intsOf is the array of ints ns, known when the model is compiled.
func intsOf(o Tensors, ns []int) Value {
	xs := make([]Value, len(ns))
	for i, n := range ns {
		xs[i] = o.Const(float64(n))
	}
	return o.FromElems([]int{len(xs)}, xs)
}
