package library

// rows(x) is the number of rows: a vector's length, 1 of a row vector, a
// matrix's rows (Stan Functions Reference, "Matrix size functions"), an
// int known when the model is compiled.
var rows = &Func{
	Name: "rows",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeInt, Value: dimension(0)},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeInt, Value: one},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeInt, Value: dimension(0)},
	},
	Sizes: independent(oneArg),
}

func init() { registerFunc(rows) }

// dimension is the formula of x's dimension i.
func dimension(i int) FuncFormula {
	return func(o Tensors, a []Value) Value { return o.Const(float64(o.Dims(a[0])[i])) }
}

// one is the formula of 1: a vector's columns, a row vector's rows.
func one(o Tensors, _ []Value) Value { return o.Const(1) }
