package all

import (
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// walked are the packages whose tests walk their entries
// (library/librarytest): an entry registered by any other package would
// escape every check.
var walked = []string{"dists", "funcs", "matrix", "mvdists"}

// TestEveryEntryWalked: the packages that registered entries are those
// whose tests walk them, and each entry of the registry is one of theirs,
// once.
func TestEveryEntryWalked(t *testing.T) {
	if got := library.Packages(); !slices.Equal(got, walked) {
		t.Fatalf("entries registered by %v, want %v", got, walked)
	}
	owner := map[any]string{}
	for _, p := range walked {
		e := library.EntriesOf(p)
		for _, x := range e.Dists {
			owner[x] = p
		}
		for _, x := range e.MvDists {
			owner[x] = p
		}
		for _, x := range e.Funcs {
			owner[x] = p
		}
		for _, x := range e.Kernels {
			owner[x] = p
		}
	}
	check := func(kind, name string, x any) {
		if owner[x] == "" {
			t.Errorf("%s %s is in the registry but no package's entries", kind, name)
		}
	}
	for _, d := range library.Dists() {
		check("family", d.Name, d)
	}
	for _, d := range library.MvDists() {
		check("multivariate family", d.Name, d)
	}
	for _, f := range library.Funcs() {
		check("function", f.Name, f)
	}
	for _, k := range library.Kernels() {
		check("kernel", k.Name, k)
	}
	if n := len(library.Dists()) + len(library.MvDists()) + len(library.Funcs()) + len(library.Kernels()); n != len(owner) {
		t.Errorf("%d entries in the registry, %d in the packages' lists", n, len(owner))
	}
}
