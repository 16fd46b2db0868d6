// Package dists holds the univariate distribution families of bayes, one
// file each (normal.go, student_t.go, ...), with a family's log CDF and
// log CCDF kernels in NAME_cdf.go beside it; each file registers its
// *library.Dist from its init (register.go), and library/all imports this
// package so that the registry has them. The vocabulary (Dist, Kernel,
// Builder, Domain) and the special functions the densities call (lgamma,
// lbeta, Phi, ...) are package library's.
//
// To add a family: one file here, and its row in reference_test.go; the
// package's test walks every family and kernel it registers
// (library/librarytest.Dists). Other packages read a family through the
// registry, or by its variable here where they name one (the compiler's
// test models: NormalLpdf).
package dists
