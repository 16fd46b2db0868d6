package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// qr_thin_R(A) is the min(m, n) x n upper triangular factor of the thin decomposition A =
// QR (Stan Functions Reference, "QR decomposition"; qr.go).
var qrThinR = &library.Func{
	Name:      "qr_thin_R",
	Doc:       "the upper-triangular factor R of the thin QR decomposition",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		m, n := o.Dims(a[0])[0], o.Dims(a[0])[1]
		_, r := qrFactors(o, "qr_thin_R", a[0], 0, min(m, n))
		return r
	},
}

func init() { registerFunc(qrThinR) }
