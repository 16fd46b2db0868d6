package dists

import "github.com/bayes-dev/bayes/library"

// register adds the family d, its Lpdf, Lcdf and Lccdf and the companion
// kernels its partials call to the library's registry, as entries of this
// package, which its tests walk (library.EntriesOf).
func register(d *library.Dist, companions ...*library.Kernel) {
	library.Register("dists", d, companions...)
}
