// Package matrix holds the linear algebra of bayes (dot products,
// quad_form, mdivide_left_tri_low, cholesky_decompose, inverse,
// log_determinant, eigenvalues_sym, the covariance kernels, ...), one file
// each, each registering its *library.Func from its init (register.go);
// library/all imports this package so that the registry has them. The
// Cholesky factorisation as a formula (cholesky.go) is shared with the
// multivariate normal and LKJ families (library/mvdists).
//
// To add a function: one file here, and its row in a reference_*_test.go;
// the package's test walks every function it registers
// (library/librarytest.Funcs).
package matrix
