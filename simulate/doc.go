// Package simulate is the interpreter: it runs the statements of a checked
// model that need no gradient with concrete numbers and random draws, for
// prior predictive sampling (ancestral sampling, NumPyro's Predictive), the
// generated quantities of each posterior draw and transformed data, and it
// evaluates the sizes and bounds of data while package data binds a file
// (EvalScalar), so that a size means the same in every block.
//
// Input: a *lang.Program checked by lang.Check and its data, each variable's
// *Value by name (package data binds them). Output: *Draws
// (PriorPredictive), one draw's generated quantities (Generator.Run), the
// transformed data, each variable's *Value by name (TransformedData: the
// compiler binds them as it binds data), or a Scalar (EvalScalar).
// Generator.LogDensity gives the model block's log density and the
// transformed parameters at a point, to check the compiled kernel against.
//
// The package is an interpreter over the typed AST: values are Value (a type,
// a shape and row-major ints or reals); built-in functions are one table
// keyed by *lang.Func (funcs.go) and distributions one table keyed by
// *lang.Dist (dists.go), whose univariate rows are the library's (package
// library: rng, density, CDF and argument checks). User-defined functions
// run in frames of their own (funcs_user.go).
package simulate
