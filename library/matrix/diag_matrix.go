package library

// diag_matrix(v) is the square matrix with v on its diagonal and zeros
// elsewhere (Stan Functions Reference, "Diagonal matrix functions").
var diagMatrix = &Func{
	Name:      "diag_matrix",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeVector)}, Ret: TypeMatrix}},
	Sizes:     independent(oneArg),
	Value: func(o Tensors, a []Value) Value {
		n := numElems(o.Dims(a[0]))
		xs := make([]Value, n*n)
		zero := o.Const(0)
		for i := range xs {
			xs[i] = zero
		}
		for i := 0; i < n; i++ {
			xs[i*n+i] = o.Elem(a[0], i)
		}
		return o.FromElems([]int{n, n}, xs)
	},
}

func init() { registerFunc(diagMatrix) }
