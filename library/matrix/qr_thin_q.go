package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// qr_thin_Q(A) is the m x min(m, n) orthonormal factor of the thin decomposition A =
// QR (Stan Functions Reference, "QR decomposition"; qr.go).
var qrThinQ = &library.Func{
	Name:      "qr_thin_Q",
	Doc:       "the orthonormal factor Q of the thin QR decomposition",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.Independent(library.OneArg),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		m, n := o.Dims(a[0])[0], o.Dims(a[0])[1]
		q, _ := qrFactors(o, "qr_thin_Q", a[0], min(m, n), 0)
		return q
	},
}

func init() { registerFunc(qrThinQ) }
