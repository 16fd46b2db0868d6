// Package compiler turns a checked model with its data into a Model: the
// kernel of its log density on the unconstrained space, Jacobians
// included, and the programs that map an unconstrained point to the
// parameters and transformed parameters that the outputs write.
//
// Input: a *lang.Program that lang.Check has checked, and its *lang.Data.
// Output: a *Model (CompileModel), whose NewKernel gives each chain a
// ModelKernel (Dim, LogDensityGrad and Constrain, the interface of package
// sampler); Unconstrain and InitPoint map initial values to q; EmitC
// writes the model as C (package emit); Program is its optimised IR, which
// `bayes compile --emit` prints. Every error comes back positioned in the
// model (a *lang.FileError).
//
// This package is the lowering: the data are bound, and the transformed
// data that the interpreter (package simulate) computed once beside them
// (lower_tdata.go), so every int and every shape is known, and the typed
// AST of the other blocks becomes IR (package ir). lower.go holds
// expressions and values, lower_stmt.go statements (loops vectorised or
// unrolled, ifs on parameters as selects), lower_index.go indexing and
// operators, lower_sizes.go the size checks; calls.go is the table of
// built-in functions and distributions, calls_library.go builds the
// library's formulas over the lowered values (calls_structural.go their
// element moves); lower_funcs.go inlines user-defined functions at each
// call; transforms.go applies the constraint transforms (package transform)
// to the parameters; terms.go the log density's terms, for saying which one
// is not finite; rejection.go the bound checks of transformed parameters;
// lower_ode.go, lower_solve.go and lower_integrate.go the calls that
// package extern evaluates; model.go CompileModel and the Model; inits.go
// initial values. What follows lowering is ir's (AD, simplification),
// kernel's (the CPU kernel) and emit's (the C); what precedes it on the AST
// is package reparam's.
package compiler
