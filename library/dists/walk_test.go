package dists

import (
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestDists walks every family of this package and every kernel it
// registers, each check against the family's row of reference_test.go
// (library/librarytest.Dists).
func TestDists(t *testing.T) { librarytest.Dists(t, "dists", references) }
