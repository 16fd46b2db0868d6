package library

// dot_product(x, y) = Σ x_i y_i of two vectors, row vectors or arrays of
// reals of one length (Stan Functions Reference, "Dot products and
// specialized products"), one op.
var dotProduct = &Func{
	Name: "dot_product",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeRowVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeRowVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 1}), Exact("", Type{Kind: KindReal, Dims: 1})}, Ret: TypeReal},
	},
	Sizes: sizeGroups(sameSize(SizeLen, 0, 1)),
	Value: func(o Tensors, a []Value) Value { return o.Dot(a[0], a[1]) },
}

func init() { registerFunc(dotProduct) }
