// Package library holds every distribution family and special function of
// bayes, each defined once, in a file of its own (normal.go, student_t.go,
// lbeta.go, ...), as Stan Math keeps student_t_lpdf.hpp beside
// student_t_rng.hpp.
//
// A family file registers one *Dist: its signature (the arguments after the
// outcome, which may be parameters, the domains they must lie in and the
// variate's support), its log density as an elementwise *Kernel (value,
// partial derivatives built as IR through the Builder interface, and the C
// body the emitter prints), the summands that `~` drops when their
// arguments are data (Terms), its rng, its CDF and quantile where bayes has
// them, its moments (for the statistical tests), and the properties that
// model rewrites read (LocationScale, for the non-centered rewrite). A
// special-function file holds the Go function and its C body (a CUnit).
//
// Input: nothing; this package imports only the standard library and gonum.
// Output: the registry (Dists, LookupDist, Kernels, CPrelude), read by
//
//   - lang, for the signatures of NAME_lpdf, _lupdf, _cdf, _lcdf, _lccdf and _rng;
//   - compiler, which appends one op per Kernel to its op table (the value is
//     the op's scalar function, the partials its adjoint rule, the C body its
//     template's callee), lowers `~` with Terms, and emits CPrelude;
//   - simulate, the interpreter of transformed data, generated quantities and
//     prior predictive sampling, for values, argument checks, rngs and CDFs.
//
// To add a distribution: one file here with its Dist (and any special
// function it needs as a file of its own), and a row of reference values in
// reference_test.go. The table test (library_test.go) walks every entry: the
// partials against finite differences, the value against the reference, the
// rng's moments against Moments and its draws against the CDF, the terms
// `~` drops, the C body against the Go value, and the argument checks; an
// entry missing a piece fails it by name.
//
// The partials are built with the Builder interface, which the compiler
// implements over its IR builder: each rule calls it in a fixed order, so
// the IR it builds (and so every bit the kernel computes) is what the rule
// says, operation by operation.
package library
