// Package kernel computes a model's log density and gradient on the CPU.
//
// Input: an optimised and scheduled ir.Program (ir.Optimize). Output: a
// Kernel, with Dim and LogDensityGrad (the interface that package sampler
// defines), which writes into the caller's slices and allocates nothing
// per call; and an OutProgram, which evaluates chosen nodes of a graph once
// per draw (a model's constrained outputs, the bounds that Unconstrain
// reads, the bound checks of transformed parameters).
//
// Files: kernel.go (the arena, the instructions and their dispatch),
// tape.go (the compact steps of the groups that run as one block),
// tape_fuse.go (pairs of steps run as one),
// alias.go (views and homes: concats, slices and elems that copy nothing),
// loops.go (each op's loop over one block: opLoops), families.go (one loop
// for the several instructions that AD leaves over the same data;
// families_vec.go, the density of a computed σ vector), outprogram.go
// (OutProgram).
package kernel
