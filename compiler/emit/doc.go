// Package emit writes a model's log density and gradient, and its
// constrain map, as one C99 translation unit that runs on the CPU or,
// under NVRTC, as CUDA on the GPU.
//
// Input: an optimised ir.Program and, for a model, a ConstrainMap (the
// graph and nodes of its outputs); Options choose the names' prefix, which
// data are passed by pointer, the entry points of a group of threads that
// share one gradient, and single precision. Output: a Source (the C code,
// the length of q and of the outputs, the workspace, and the data arrays
// the caller binds). Float32Safe says whether a model may run in single
// precision.
//
// Files: emit_c.go (the unit, its entry points, each node's code from its
// op's C template), emit_coop.go (the cooperative entry points, for the
// GPU's data regime), emit_f32.go (single precision), emit_f32_safe.go
// (when single precision is safe), emit_c_prelude.h (the cooperative
// group's defaults). Package ctest compiles and loads the C in tests.
package emit
