package mvdists

import (
	"testing"

	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestMvDists walks every family of this package, each check against the
// family's row of reference_test.go (library/librarytest.MvDists).
func TestMvDists(t *testing.T) { librarytest.MvDists(t, "mvdists", mvReferences) }
