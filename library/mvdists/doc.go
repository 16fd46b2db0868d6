// Package mvdists holds the multivariate families of bayes (categorical,
// dirichlet, multi_normal, lkj_corr, ...) and the GLMs, one file each, each
// registering its *library.MvDist from its init (register.go); library/all
// imports this package so that the registry has them. Their log densities
// are formulas over library.Tensors, built from the univariate families
// (library/dists) and the linear algebra (library/matrix) where they share
// them.
//
// To add a family: one file here, and its row in reference_test.go; the
// package's test walks every family it registers
// (library/librarytest.MvDists).
package mvdists
