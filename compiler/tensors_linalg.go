package compiler

import "github.com/bayes-dev/bayes/library"

// MatVec is library.Tensors' matrix-vector product over the lowerer's
// values: the lowering of Stan's m * v (matVec), so a library formula that
// multiplies a design matrix by its weights (a GLM's linear predictor)
// builds the IR of the same expression written by hand. (A method of
// tensors, calls_library.go, kept in a file of its own.)
func (t *tensors) MatVec(m, v library.Value) library.Value {
	return t.add(t.l.matVec(t.vals[m], t.vals[v]))
}
