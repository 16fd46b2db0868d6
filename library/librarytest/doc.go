// Package librarytest is the table test of the library's entries, shared
// by the packages that hold them (library/dists, library/mvdists,
// library/funcs, library/matrix), as net/http/httptest serves the tests
// of net/http's users. Each of those packages has one test per kind that
// calls Dists, MvDists or Funcs (walk.go) with its own reference rows
// (Reference, MvReference, FuncReference), which checks every entry the
// package registered (library.EntriesOf) against them: partials and
// formula derivatives against finite differences (dual numbers for the
// formulas, dual.go), values against the references, what `~` drops, rng
// moments, CDFs, argument checks, and the C bodies against the Go values
// (c.go). It also has the helpers the reference rows are written with
// (tensors.go).
//
// It is imported by tests only.
package librarytest
