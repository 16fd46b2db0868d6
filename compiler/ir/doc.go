// Package ir is the compiler's intermediate representation: a model's log
// density as a graph of ops in SSA form, its symbolic gradient in the same
// IR, and the passes that simplify and schedule both.
//
// Input: calls of the Builder API, which the lowering pass (package
// compiler) makes from the typed AST with the data bound. Output: a
// Program (the value and gradient graphs, ad.go), simplified by Optimize
// and scheduled into fused loops by its last pass (simplify.go); package
// kernel compiles it for the CPU and package emit writes it as C.
//
// The IR is a graph in SSA form: every Node is defined once, its arguments
// precede it (so node order is a topological order), and every node has a
// concrete shape known at build time, because the data are bound before
// lowering. Building the same op on the same arguments returns the existing
// node (hash-consing, hence common-subexpression elimination for free), and
// ops whose arguments are all constants are folded at build time with the
// same scalar function the kernel runs, so folding never changes an IEEE
// result (NaN, ±0, Inf). (Go permits fusing x*y+z into one FMA on some
// architectures, not on amd64; there a fold may differ from run time in the
// last bit.)
//
// Files, in pipeline order: ops.go (the op table: one row per op with its
// value, adjoint and C template; its constants, ops_gen.go, are generated
// from it), ops_math.go and ops_lower.go (the rows of the function ops and
// of the ops the lowering added), library.go (one op per kernel of the
// library: the densities and their partials), ir.go and builder.go (graph
// and Builder), ad.go (reverse mode), simplify.go (passes, rules and the
// fused schedule), check.go (IR invariants), print.go (IR dumps). Package
// irtest holds what the tests of ir, kernel and emit share.
//
// Typical use by the lowering pass:
//
//	b := ir.NewBuilder(dim)
//	mu, u := b.Param(0), b.Param(1) // q[0], q[1]
//	lp := b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), b.Data(y), mu, b.Exp(u)))
//	p, err := ir.Grad(b, b.Add(lp, u))
//	...
//	p, err = ir.Optimize(p)
//
// The lpdf ops compute Stan's full *_lpdf, constants included; a `~`
// statement that drops constants is the lowering's choice.
package ir
