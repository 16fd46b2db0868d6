// Package library is the vocabulary that bayes's distributions and
// functions are written in, the registry that holds them, and the special
// functions they share; the entries themselves, each defined once in a
// file of its own, live in a package per kind:
//
//   - library/dists: the univariate families (dists/normal.go,
//     dists/student_t.go, ..., and NAME_cdf.go beside a family with log
//     CDFs), as Stan Math keeps student_t_lpdf.hpp beside student_t_rng.hpp;
//   - library/mvdists: the multivariate families and the GLMs;
//   - library/funcs: the plain functions of scalars, arrays and containers
//     (funcs/sum.go, funcs/head.go, ...), the vectorised unary functions
//     as one table (funcs/elementwise.go) and the constants pi(), e(), ...
//     (funcs/constant_funcs.go);
//   - library/matrix: linear algebra (matrix/mdivide_left_tri_low.go,
//     matrix/cholesky_decompose.go, the covariance kernels, ...).
//
// Each registers its entries from their files' init, through Register,
// RegisterMv, RegisterFunc and RegisterKernel (registry.go), and
// library/all imports the four, so that every reader of the registry (they
// import lang, which imports library/all) finds it whole; a read of an
// empty registry, or a registration after a read, panics.
//
// A family file registers one *Dist: its signature (the arguments after the
// outcome, which may be parameters, the domains they must lie in and the
// variate's support), its log density as an elementwise *Kernel (value,
// partial derivatives built as IR through the Builder interface, and the C
// body the emitter prints), the summands that `~` drops when their
// arguments are data (Terms), its rng, its CDF and quantile where bayes has
// them, its log CDF and log CCDF as kernels where bayes has them (Lcdf,
// Lccdf, in a file NAME_cdf.go: NAME_lcdf, _lccdf and _cdf in the compiler
// too), its moments (for the statistical tests), and the properties that
// model rewrites read (LocationScale, for the non-centered rewrite). A
// special-function file here holds the Go function and its C body (lbeta.go,
// phi.go, inc_beta.go, ...; the Stan function of one, where Stan has it,
// is a file of library/funcs).
//
// A multivariate family's file registers one *MvDist, and a plain
// function's file one *Func: the signature (argument types, in this
// package's vocabulary, signature.go), the size rules the arguments obey,
// the argument checks, the rng, the properties other packages read
// (Generates: the constrained type the family is the prior of), and the
// log density or the result as a formula over Tensors, written once: the
// interpreter evaluates it over numbers (Eval), the compiler builds it as
// IR over its lowered values (each call an op, or a number when its
// arguments are data), so both compute the same thing by the same steps.
// Where the compiler has a fused op or a fast path (a dot product, a
// reduction, log_softmax), Tensors names it (Dot, Reduce, LogSoftmax), so
// that the formula builds that op.
//
// Input: nothing; this package and those of the entries import only the
// standard library, gonum and each other (each imports this one; matrix
// imports funcs, mvdists dists and matrix).
// Output: the registry (Dists, LookupDist, Kernels, CPrelude, MvDists,
// Funcs), read by
//
//   - lang, for the signatures of NAME_lpdf, _lupdf, _cdf, _lcdf, _lccdf and
//     _rng and of the functions, and for their size rules;
//   - compiler, which appends one op per Kernel to its op table (the value is
//     the op's scalar function, the partials its adjoint rule, the C body its
//     template's callee), lowers `~` with Terms, lowers the formulas through
//     Tensors, and emits CPrelude;
//   - simulate, the interpreter of transformed data, generated quantities and
//     prior predictive sampling, for values, argument checks, rngs and CDFs,
//     and the constrained types a family generates.
//
// To add a distribution: one file in library/dists with its Dist (and any
// special function it needs as a file of its own here), and a row of
// reference values in library/dists/reference_test.go. The package's test
// walks every entry it registered (library/librarytest.Dists): the
// partials against finite differences, the value against the reference,
// the rng's moments against Moments and its draws against the CDF, the
// terms `~` drops, the C body against the Go value, and the argument
// checks; an entry missing a piece, or a row without an entry, fails by
// name. A multivariate family or a plain function is likewise one file in
// its package with its MvDist or Func and a row in the package's
// reference_*_test.go, walked by librarytest.MvDists or librarytest.Funcs:
// the value against the reference, the formula's derivatives (dual
// numbers) against finite differences, what `~` drops, the rng's moments
// and the argument checks.
//
// The partials are built with the Builder interface, which the compiler
// implements over its IR builder: each rule calls it in a fixed order, so
// the IR it builds (and so every bit the kernel computes) is what the rule
// says, operation by operation.
package library
