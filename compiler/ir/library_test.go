package ir

import (
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// TestLibraryOps: every library kernel is one op whose row is read from it.
func TestLibraryOps(t *testing.T) {
	seen := map[Op]bool{}
	for _, k := range library.Kernels() {
		op := LibraryOp(k)
		info := op.Info()
		if seen[op] {
			t.Errorf("op %d (%s) is the op of two kernels", op, info.Name)
		}
		seen[op] = true
		if op < numCoreOps || op >= NumOps() || info.Name != k.Name || info.Arity != k.Arity() ||
			info.C != k.CTemplate() || info.Discrete != k.Discrete() || !info.Elementwise {
			t.Errorf("op %d (%s) does not match kernel %s", op, info.Name, k.Name)
		}
	}
}
