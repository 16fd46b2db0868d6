package library

// The vocabulary of the signatures that the multivariate families and the
// plain functions of this package declare: argument types and how an
// argument matches them, and the size rules their arguments obey. Package
// lang turns each into its own types (its Param, Type and SizeRule), for the
// checker and for the size checks of the compiler and the interpreter.

// Kind is the shape class of a value, as Stan's types name it.
type Kind uint8

const (
	KindInt Kind = iota + 1
	KindReal
	KindVector
	KindRowVector
	KindMatrix
)

// Type is a kind with array dimensions: array[] int is {KindInt, 1}.
type Type struct {
	Kind Kind
	Dims int
}

// The types that signatures use.
var (
	TypeInt       = Type{Kind: KindInt}
	TypeReal      = Type{Kind: KindReal}
	TypeVector    = Type{Kind: KindVector}
	TypeRowVector = Type{Kind: KindRowVector}
	TypeMatrix    = Type{Kind: KindMatrix}
	TypeInts      = Type{Kind: KindInt, Dims: 1} // array[] int
)

// Class says how an argument matches a parameter (Stan Functions Reference,
// "Vectorization"): exactly its Type (an int promoted to real), or one of
// Stan's vectorised classes.
type Class uint8

const (
	ClassExact    Class = iota // Type, with int to real promotion
	ClassReals                 // "reals": int, real, vector, row_vector, array[] int or real
	ClassInts                  // "ints": int or array[] int
	ClassVectors               // "vectors": vector, row_vector or an array of either
	ClassAnyArray              // an array of any element type and any number of dimensions
	// ClassDesign is a GLM's design: a matrix, one row per outcome, or a
	// row vector, the one row of every outcome (Stan's GLMs take either).
	ClassDesign
	// ClassAny is any int- or real-based value: a scalar, vector,
	// row_vector, matrix or an array of them (the argument of an
	// elementwise function, rep_array's value).
	ClassAny
	// ClassElements is an argument of a vectorised binary function (Stan
	// Functions Reference, "Binary function vectorization"): a scalar of
	// Type (an int promoted to real), or a container of such elements: for
	// a real, an array of ints or reals of any dimensions, a vector, a
	// row_vector, a matrix or an array of them; for an int, an array of
	// ints. Two containers passed together must have the same type (ints
	// promoted) and the same sizes (SameShape), but an array of ints for an
	// int parameter goes with any real container of as many dimensions, as
	// stanc3's add_binary_vec_int_real allows.
	ClassElements
)

// Arg is one parameter of a signature.
type Arg struct {
	Name  string // what it means, for messages: "location", "chance simplex"
	Class Class
	Type  Type // for ClassExact
}

// Exact is the argument called name of type t.
func Exact(name string, t Type) Arg { return Arg{Name: name, Type: t} }

// Signature is one overload of a plain function: its parameters and its
// result, Ret or as Result says; Value, when set, is the overload's formula
// (for one whose arguments' dimensions do not tell it from the others: a
// vector and a row vector), else the function's.
type Signature struct {
	Params []Arg
	Ret    Type
	Result Result
	Value  FuncFormula
	// Sizes, when set, is the overload's size rule, for a function whose
	// overloads relate different arguments (gp_exp_quad_cov's x1 and x2);
	// otherwise the function's applies.
	Sizes *SizeRule
}

// Result says how a call's type follows from its arguments.
type Result uint8

const (
	ResultFixed     Result = iota // Ret
	ResultSameAsArg               // argument 1's type
	ResultFlatten                 // array[] int of ints, else array[] real
	// ResultElementwise is argument 1's shape with real elements, Stan's
	// vectorised unary functions (Functions Reference, "Vectorization of
	// unary functions"): exp(vector) is a vector, exp(int) a real.
	ResultElementwise
	// ResultArrayOf is argument 1's type with one more array dimension per
	// further (size) argument: rep_array.
	ResultArrayOf
	// ResultBinaryElementwise is the type of a vectorised binary function's
	// call (ClassElements): the container argument's shape, its elements of
	// Ret's kind (a vector when one argument is a vector), or Ret when
	// both are scalars.
	ResultBinaryElementwise
)

// SizeOf names one size of an argument.
type SizeOf uint8

const (
	// SizeLen is a vector's or row vector's length (each one's, in an array
	// of them), or the size of a one-dimensional array of ints or reals.
	SizeLen SizeOf = iota
	// SizeRows and SizeCols are a matrix's rows and columns; a vector has
	// its length in rows and 1 column, a row vector 1 row and its length in
	// columns (each one's, in an array of them).
	SizeRows
	SizeCols
	// SizeDesignRows is a matrix's rows; a row vector, broadcast to every
	// row (ClassDesign), has none.
	SizeDesignRows
	// SizeOuter is an array's size, its first dimension.
	SizeOuter
	// SizeElems is a container's number of scalar elements.
	SizeElems
	// SizeValue is the value of an int argument that is a size.
	SizeValue
	// SizeArea is the value of the int argument Arg times that of Arg+1:
	// to_matrix's rows times its columns.
	SizeArea
	// SizeAxis+k is the k-th entry of an argument's full shape: its array
	// dimensions, then a vector's length or a matrix's rows and columns
	// (absent from a scalar, and past its last): two arguments of one
	// vectorised binary function have equal SizeAxis+k for every k.
	SizeAxis
)

// MaxAxes is the most dimensions of a full shape that SameShape relates:
// an array of 2 dimensions of matrices, a 4-dimensional array. Stan takes
// up to 8 array dimensions; lang refuses two containers deeper than this
// in one call, naming the limit, since their shapes would go unchecked.
const MaxAxes = 4

// SameShape is the rule of arguments that must have one full shape when
// they are containers (a scalar has no axes, so is broadcast).
func SameShape(args ...int) SizeRule {
	var r SizeRule
	for k := range MaxAxes {
		r.Groups = append(r.Groups, SameSize(SizeAxis+SizeOf(k), args...))
	}
	return r
}

// Size is one size of the argument Arg (0-based; for a density, 0 is the
// outcome).
type Size struct {
	Arg int
	Of  SizeOf
}

// SizeRule is what a call asks of its arguments' sizes: groups of sizes
// that must be equal (a size an argument lacks is left out), or, for a call
// whose containers' sizes are unrelated, the reason (Independent).
type SizeRule struct {
	Groups      [][]Size
	Independent string
}

// SameSize is the group of one size of several arguments.
func SameSize(of SizeOf, args ...int) []Size {
	g := make([]Size, len(args))
	for i, a := range args {
		g[i] = Size{a, of}
	}
	return g
}

// Square is the group that makes argument a a square matrix, with any
// further sizes that must equal its order.
func Square(a int, more ...Size) []Size {
	return append([]Size{{a, SizeRows}, {a, SizeCols}}, more...)
}

func SizeGroups(gs ...[]Size) SizeRule { return SizeRule{Groups: gs} }

func Independent(why string) SizeRule { return SizeRule{Independent: why} }

// OneArg is the reason of a call with one container argument.
const OneArg = "one container argument: nothing to relate"
