// Package funcs holds the plain functions of bayes over scalars, arrays
// and containers (sum, head, rep_array, to_vector, log_sum_exp, ...), one
// file each, each registering its *library.Func from its init
// (register.go); but the vectorised unary functions, which differ only in
// their formula and are one table (elementwise.go), and the constants
// pi(), e(), ... (constant_funcs.go). The binary functions that Stan
// vectorises over containers get those overloads from one rule, applied
// as they register (vectorised.go). library/all imports this package so
// that the registry has them. Linear algebra is library/matrix's; the Go
// value and C body of a special function (lbeta, log_sum_exp, ...) are
// package library's, the Stan function of it a file here.
//
// To add a function: one file here, and its row in a reference_*_test.go;
// the package's test walks every function and kernel it registers
// (library/librarytest.Funcs).
package funcs
