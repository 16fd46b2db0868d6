package mvdists

import "github.com/bayes-dev/bayes/library"

// registerMv adds the multivariate family d to the library's registry, as
// an entry of this package, which its tests walk (library.EntriesOf).
func registerMv(d *library.MvDist) { library.RegisterMv("mvdists", d) }
