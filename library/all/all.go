// Package all imports every package of library entries for their entries:
// each registers its families and functions in the library's registry
// from its init, so that a package that imports this one (lang does, and
// so every reader of the registry: the checker, the compiler, the
// interpreter) finds the registry whole when it initialises. It is the one
// place that does; the registry panics on a read before any registration.
package all

import (
	_ "github.com/bayes-dev/bayes/library/dists"   // univariate families
	_ "github.com/bayes-dev/bayes/library/funcs"   // plain functions
	_ "github.com/bayes-dev/bayes/library/matrix"  // linear algebra
	_ "github.com/bayes-dev/bayes/library/mvdists" // multivariate families and GLMs
)
