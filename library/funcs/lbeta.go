package library

// lbeta(a, b) is Stan's function of Lbeta (Stan Functions Reference,
// "Combinatorial functions"), one op.
var lbeta = &Func{
	Name:      "lbeta",
	Overloads: realsOverload(2),
	Value:     func(o Tensors, a []Value) Value { return o.Lbeta(a[0], a[1]) },
}

func init() { registerFunc(lbeta) }
