package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// qr_Q(A) is the m x m orthonormal factor of the fat decomposition A =
// QR (Stan Functions Reference, "QR decomposition"; qr.go).
var qrQ = &library.Func{
	Name:      "qr_Q",
	Doc:       "the orthogonal factor Q of the full QR decomposition",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		m := o.Dims(a[0])[0]
		q, _ := qrFactors(o, "qr_Q", a[0], m, 0)
		return q
	},
}

func init() { registerFunc(qrQ) }
