package funcs

import (
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestFuncs walks every function of this package and every kernel it
// registers, each check against the function's row of reference_*_test.go
// (library/librarytest.Funcs).
func TestFuncs(t *testing.T) { librarytest.Funcs(t, "funcs", funcReferences) }
