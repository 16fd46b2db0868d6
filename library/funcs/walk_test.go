package funcs

import (
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/library"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestFuncs walks every function of this package and every kernel it
// registers, each check against the function's row of reference_*_test.go
// (library/librarytest.Funcs).
func TestFuncs(t *testing.T) { librarytest.Funcs(t, "funcs", funcReferences) }

// TestFuncsDoc: every function of this package says in one line what it
// computes, for the function reference (docs/functions.md).
func TestFuncsDoc(t *testing.T) {
	for _, f := range library.EntriesOf("funcs").Funcs {
		if f.Doc == "" || strings.Contains(f.Doc, "\n") {
			t.Errorf("%s: Doc %q: one line of what it computes", f.Name, f.Doc)
		}
	}
}
