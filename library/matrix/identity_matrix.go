package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// identity_matrix(k) is the k x k identity (Stan Functions Reference,
// "Matrix and vector constructors"), k known when the call is built, not
// negative.
var identityMatrix = &library.Func{
	Name:      "identity_matrix",
	Doc:       "the n x n identity matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent("the int argument gives the result's size"),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		k := knownInt(o, "identity_matrix", a[0])
		xs := make([]float64, k*k)
		for i := range k {
			xs[i*k+i] = 1
		}
		return o.FromKnown([]int{k, k}, xs)
	},
}

func init() { registerFunc(identityMatrix) }

// knownInt is the value of the int argument x, a size or a power, which
// must be known when the call is built and not negative.
func knownInt(o library.Tensors, name string, x library.Value) int {
	v, ok := o.Known(x)
	if !ok {
		o.Fail("%s: the int argument must be known when the model is compiled", name)
	}
	if v[0] < 0 {
		o.Fail("%s: the int argument must not be negative; found %d", name, int(v[0]))
	}
	return int(v[0])
}
