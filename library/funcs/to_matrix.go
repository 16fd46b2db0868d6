package library

// ToMatrix is to_matrix (Stan Functions Reference, "Matrix conversion"): of
// a matrix, itself; of a vector, one column; of a row vector, one row; of an
// array[,], its rows; to_matrix(x, m, n), x's elements (a matrix's read
// column-major) filling an m x n matrix column-major.
var ToMatrix = &Func{
	Name: "to_matrix",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeMatrix,
			Value: func(o Tensors, a []Value) Value { return a[0] }},
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeMatrix,
			Value: func(o Tensors, a []Value) Value { return o.Reshape(a[0], []int{o.Dims(a[0])[0], 1}) }},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeMatrix,
			Value: func(o Tensors, a []Value) Value { return o.Reshape(a[0], []int{1, o.Dims(a[0])[0]}) }},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeInt), Exact("", TypeInt)}, Ret: TypeMatrix,
			Value: func(o Tensors, a []Value) Value { return fillColMajor(o, transposed(o, a[0]), a[1], a[2]) }},
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeInt), Exact("", TypeInt)}, Ret: TypeMatrix, Value: toMatrixFill},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeInt), Exact("", TypeInt)}, Ret: TypeMatrix, Value: toMatrixFill},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 1}), Exact("", TypeInt), Exact("", TypeInt)}, Ret: TypeMatrix, Value: toMatrixFill},
		{Params: []Arg{Exact("", Type{Kind: KindInt, Dims: 2})}, Ret: TypeMatrix, Value: arrayRows},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 2})}, Ret: TypeMatrix, Value: arrayRows},
	},
	// the size rules make rows x cols the number of elements
	Sizes: sizeGroups([]Size{{Arg: 0, Of: SizeElems}, {Arg: 1, Of: SizeArea}}),
}

func init() { registerFunc(ToMatrix) }

func toMatrixFill(o Tensors, a []Value) Value { return fillColMajor(o, a[0], a[1], a[2]) }

func arrayRows(o Tensors, a []Value) Value {
	d := o.Dims(a[0])
	return o.Reshape(a[0], []int{d[0], d[1]})
}

// fillColMajor is the rows x cols matrix whose element (i, j) is x's
// element j*rows + i, the sizes given by the int arguments.
func fillColMajor(o Tensors, x, rows, cols Value) Value {
	r, c := sizeArg(o, rows), sizeArg(o, cols)
	checkMatrixSize(o, "to_matrix", r, c)
	off := make([]int, 0, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			off = append(off, j*r+i)
		}
	}
	return o.Reshape(o.Pick(x, off), []int{r, c})
}

// transposed is the matrix x transposed, its elements picked: read
// row-major, it is x read column-major.
func transposed(o Tensors, x Value) Value {
	d := o.Dims(x)
	r, c := d[0], d[1]
	off := make([]int, r*c)
	for i := 0; i < c; i++ {
		for j := 0; j < r; j++ {
			off[i*r+j] = j*c + i
		}
	}
	return o.Reshape(o.Pick(x, off), []int{c, r})
}
