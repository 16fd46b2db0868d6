package plot

import (
	"slices"
	"strings"
)

// Kind is a plot by name, as bayes plot --kind and bayes sample --plots
// draw it: how to draw it from a run and the chosen quantities (Stan
// names, base names or log(NAME); none means the kind's default).
type Kind struct {
	Name string
	Draw func(r *Run, vars []string) (*Figure, error)
}

// Kinds are the plots, one row each.
var Kinds = []Kind{
	{"trace", func(r *Run, vars []string) (*Figure, error) { return Trace(r, vars...) }},
	{"rank", func(r *Run, vars []string) (*Figure, error) { return Rank(r, vars...) }},
	{"density", func(r *Run, vars []string) (*Figure, error) { return Density(r, vars...) }},
	{"pairs", func(r *Run, vars []string) (*Figure, error) {
		// Without vars, every pair of every quantity would be too many:
		// the first two stand for them.
		if len(vars) == 0 {
			vars = r.Names[:min(2, len(r.Names))]
		}
		return Pairs(r, vars...)
	}},
	{"energy", func(r *Run, _ []string) (*Figure, error) { return Energy(r) }},
	{"acf", func(r *Run, vars []string) (*Figure, error) { return Autocorrelation(r, vars...) }},
}

// DefaultKinds are the plots drawn when none are chosen: every kind, in
// the order of Kinds.
var DefaultKinds = []string{"trace", "rank", "density", "pairs", "energy", "acf"}

// KindIndex is the index in Kinds of the kind named name, or -1.
func KindIndex(name string) int {
	return slices.IndexFunc(Kinds, func(k Kind) bool { return k.Name == name })
}

// KindNames lists the kinds' names, comma-separated, for messages.
func KindNames() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}
