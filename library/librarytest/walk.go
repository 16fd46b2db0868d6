package librarytest

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// The walks: each package of library entries has one test per kind that
// calls one of these with its own reference rows, and each runs every
// check of its kind over every entry that the package registered
// (library.EntriesOf): an entry without a row, or a row without an entry,
// fails by name. A check added here runs over every package's entries.

// Dists checks the families and kernels that the package pkg registered
// against refs: partials, signatures, values, dropped terms, rngs, CDFs,
// log CDFs, argument checks, and the C bodies against the Go values.
func Dists(t *testing.T, pkg string, refs map[string]Reference) {
	e := library.EntriesOf(pkg)
	ds := byName(e.Dists, func(d *library.Dist) string { return d.Name })
	ks := byName(e.Kernels, func(k *library.Kernel) string { return k.Name })
	rowsHaveEntries(t, pkg, refs, ds, func(d *library.Dist) string { return d.Name })
	t.Run("KernelPartials", func(t *testing.T) { kernelPartials(t, ks) })
	t.Run("DistSignatures", func(t *testing.T) { distSignatures(t, ds, refs) })
	t.Run("DistReference", func(t *testing.T) { distReference(t, ds, refs) })
	t.Run("DistTerms", func(t *testing.T) { distTerms(t, ds, refs) })
	t.Run("DistRng", func(t *testing.T) { distRng(t, ds, refs) })
	t.Run("DistCDF", func(t *testing.T) { distCDF(t, ds, refs) })
	t.Run("DistLogCDF", func(t *testing.T) { distLogCDF(t, ds, refs) })
	t.Run("DistArgumentChecks", func(t *testing.T) { distArgumentChecks(t, ds, refs) })
	t.Run("CMatchesGo", func(t *testing.T) { cMatchesGo(t, ks) })
}

// MvDists checks the multivariate families that the package pkg
// registered against refs: signatures, values, derivatives, what `~`
// drops, rngs and argument checks.
func MvDists(t *testing.T, pkg string, refs map[string]MvReference) {
	e := library.EntriesOf(pkg)
	ds := byName(e.MvDists, func(d *library.MvDist) string { return d.Name })
	rowsHaveEntries(t, pkg, refs, ds, func(d *library.MvDist) string { return d.Name })
	t.Run("MvDistSignatures", func(t *testing.T) { mvDistSignatures(t, ds, refs) })
	t.Run("MvDistReference", func(t *testing.T) { mvDistReference(t, ds, refs) })
	t.Run("MvDistDerivatives", func(t *testing.T) { mvDistDerivatives(t, ds, refs) })
	t.Run("MvDistTerms", func(t *testing.T) { mvDistTerms(t, ds, refs) })
	t.Run("MvDistRng", func(t *testing.T) { mvDistRng(t, ds, refs) })
	t.Run("MvDistArgumentChecks", func(t *testing.T) { mvDistArgumentChecks(t, ds, refs) })
}

// Funcs checks the plain functions that the package pkg registered
// against refs (signatures, values, derivatives, argument checks, the
// refusal of parameters by a function of data, the draws of a random
// one), and the kernels it
// registered (partials, C bodies).
func Funcs(t *testing.T, pkg string, refs map[string]FuncReference) {
	e := library.EntriesOf(pkg)
	fs := byName(e.Funcs, func(f *library.Func) string { return f.Name })
	rowsHaveEntries(t, pkg, refs, fs, func(f *library.Func) string { return f.Name })
	t.Run("FuncSignatures", func(t *testing.T) { funcSignatures(t, fs, refs) })
	t.Run("FuncReference", func(t *testing.T) { funcReference(t, fs, refs) })
	t.Run("FuncDerivatives", func(t *testing.T) { funcDerivatives(t, fs, refs) })
	t.Run("FuncArgumentChecks", func(t *testing.T) { funcArgumentChecks(t, fs, refs) })
	t.Run("FuncDataOnly", func(t *testing.T) { funcDataOnly(t, fs, refs) })
	t.Run("FuncRng", func(t *testing.T) { funcRng(t, fs, refs) })
	t.Run("FuncDoc", func(t *testing.T) { funcDoc(t, fs) })
	if ks := byName(e.Kernels, func(k *library.Kernel) string { return k.Name }); len(ks) > 0 {
		t.Run("KernelPartials", func(t *testing.T) { kernelPartials(t, ks) })
		t.Run("CMatchesGo", func(t *testing.T) { cMatchesGo(t, ks) })
	}
}

// funcDoc fails for a function that does not say in one line what it
// computes: the function reference (docs/functions.md) prints that line.
func funcDoc(t *testing.T, fs []*library.Func) {
	for _, f := range fs {
		if f.Doc == "" || strings.Contains(f.Doc, "\n") {
			t.Errorf("%s: Doc %q: one line of what it computes", f.Name, f.Doc)
		}
	}
}

// byName is xs sorted by name, the order the checks draw their points in.
func byName[T any](xs []T, name func(T) string) []T {
	out := slices.Clone(xs)
	sort.SliceStable(out, func(i, j int) bool { return cmp.Less(name(out[i]), name(out[j])) })
	return out
}

// rowsHaveEntries fails for each row of refs whose entry the package pkg
// does not register (a row left behind when an entry moved, or a typo),
// and when pkg registered nothing at all.
func rowsHaveEntries[R, T any](t *testing.T, pkg string, refs map[string]R, xs []T, name func(T) string) {
	t.Helper()
	if len(xs) == 0 {
		t.Fatalf("package %s registered no entry of this kind", pkg)
	}
	have := map[string]bool{}
	for _, x := range xs {
		have[name(x)] = true
	}
	for n := range refs {
		if !have[n] {
			t.Errorf("a reference row for %s, which package %s does not register", n, pkg)
		}
	}
}
