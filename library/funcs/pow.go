package library

// pow(x, y) = x^y (Stan Functions Reference, "Composed functions"), Go's
// math.Pow, which is C's pow on the values of Stan's tests.
var pow = &Func{
	Name:      "pow",
	Overloads: realsOverload(2),
	Value:     func(o Tensors, a []Value) Value { return o.Pow(a[0], a[1]) },
}

func init() { registerFunc(pow) }

// realsOverload is the one overload real^n -> real of the scalar
// functions of n reals.
func realsOverload(n int) []Signature {
	p := make([]Arg, n)
	for i := range p {
		p[i] = Exact("", TypeReal)
	}
	return []Signature{{Params: p, Ret: TypeReal}}
}
