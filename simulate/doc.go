// Package simulate runs a checked model forward with concrete numbers and
// random draws, for the jobs that need no gradient: prior predictive sampling
// (ancestral sampling, NumPyro's Predictive) and the generated quantities of
// each posterior draw.
//
// Input: a *lang.Program checked by lang.Check and its *lang.Data. Output:
// *Draws (PriorPredictive) or one draw's generated quantities (Generator.Run).
//
// The package is an interpreter over the typed AST: values are Value (a shape
// and row-major ints or reals, the layout of lang.Value); built-in functions
// are one table keyed by *lang.Func (funcs.go) and distributions one table
// keyed by *lang.Dist (dists.go), whose univariate rows are the library's
// (package library: rng, density, CDF and argument checks).
package simulate
