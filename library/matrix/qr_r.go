package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// qr_R(A) is the m x n upper trapezoidal factor of the fat decomposition A =
// QR (Stan Functions Reference, "QR decomposition"; qr.go).
var qrR = &library.Func{
	Name:      "qr_R",
	Doc:       "the upper-trapezoidal factor R of the full QR decomposition",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		_, r := qrFactors(o, "qr_R", a[0], 0, o.Dims(a[0])[0])
		return r
	},
}

func init() { registerFunc(qrR) }
