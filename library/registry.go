package library

import (
	"fmt"
	"sort"
)

// The registry: every entry of the library, registered from the init of
// the file that defines it, in the package of its kind (library/dists,
// library/mvdists, library/funcs, library/matrix). Whoever reads it
// imports library/all, which imports those packages, so that the registry
// is whole before any package that imports library/all initialises: lang
// does, and every reader of the registry imports lang. A read of an empty
// kind, or a registration after a read, is a bug in that wiring and
// panics rather than leave an op table, a checker or an interpreter
// without the entries.

var (
	dists   []*Dist
	byName  = map[string]*Dist{}
	mvDists []*MvDist
	mvNames = map[string]bool{}
	funcs   []*Func
	fnNames = map[string]bool{}
	kernels []*Kernel
	kernelN = map[string]*Kernel{}
	owned   = map[string]*Entries{}
	read    bool // set by the first read: no registration may follow
)

// Entries are the entries that one package registered, each in the order
// of registration: the families, the multivariate families, the plain
// functions, and the kernels (each family's Lpdf, Lcdf and Lccdf and
// their companions, and a function's own). The package's tests walk each
// (library/librarytest).
type Entries struct {
	Dists   []*Dist
	MvDists []*MvDist
	Funcs   []*Func
	Kernels []*Kernel
}

// EntriesOf returns the entries that the package pkg ("dists", "mvdists",
// "funcs", "matrix") registered.
func EntriesOf(pkg string) Entries {
	if e := owned[pkg]; e != nil {
		return *e
	}
	return Entries{}
}

// Packages returns the packages that registered entries, sorted.
func Packages() []string {
	var out []string
	for p := range owned {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func entries(pkg string) *Entries {
	if read {
		panic("library: package " + pkg + " registers an entry after the registry was read: import github.com/bayes-dev/bayes/library/all before reading it")
	}
	if owned[pkg] == nil {
		owned[pkg] = &Entries{}
	}
	return owned[pkg]
}

// Register adds a family of the package pkg, its Lpdf, Lcdf and Lccdf and
// the companion kernels its partials call. Each family file calls it from
// its init (through its package's register); a name given twice is a bug,
// caught by every test.
func Register(pkg string, d *Dist, companions ...*Kernel) {
	e := entries(pkg)
	if byName[d.Name] != nil || mvNames[d.Name] {
		panic("library: family " + d.Name + " registered twice")
	}
	dists = append(dists, d)
	byName[d.Name] = d
	e.Dists = append(e.Dists, d)
	for _, k := range append([]*Kernel{d.Lpdf, d.Lcdf, d.Lccdf}, companions...) {
		RegisterKernel(pkg, k)
	}
}

// RegisterKernel adds a kernel of the package pkg (nil is ignored, and so
// is a kernel registered before).
func RegisterKernel(pkg string, k *Kernel) {
	e := entries(pkg)
	if k == nil {
		return
	}
	if old := kernelN[k.Name]; old != nil {
		if old != k {
			panic("library: two kernels named " + k.Name)
		}
		return
	}
	kernels = append(kernels, k)
	kernelN[k.Name] = k
	e.Kernels = append(e.Kernels, k)
	addC(k.Name, k.C, true)
}

// RegisterMv adds a multivariate family of the package pkg; each family
// file calls it from its init.
func RegisterMv(pkg string, d *MvDist) {
	e := entries(pkg)
	if mvNames[d.Name] || byName[d.Name] != nil {
		panic("library: family " + d.Name + " registered twice")
	}
	mvNames[d.Name] = true
	mvDists = append(mvDists, d)
	e.MvDists = append(e.MvDists, d)
}

// RegisterFunc adds a plain function of the package pkg.
func RegisterFunc(pkg string, f *Func) {
	e := entries(pkg)
	if fnNames[f.Name] {
		panic("library: function " + f.Name + " registered twice")
	}
	fnNames[f.Name] = true
	funcs = append(funcs, f)
	e.Funcs = append(e.Funcs, f)
}

// reading marks the registry read, after checking that the kind it reads
// has entries: none means that nothing imported library/all.
func reading(kind string, n int) {
	if n == 0 {
		panic(fmt.Sprintf("library: the registry has no %s: import github.com/bayes-dev/bayes/library/all (library/doc.go)", kind))
	}
	read = true
}

// Dists returns every family, sorted by name.
func Dists() []*Dist {
	reading("families", len(dists))
	out := append([]*Dist(nil), dists...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupDist returns the family called name, or nil.
func LookupDist(name string) *Dist {
	reading("families", len(dists))
	return byName[name]
}

// Kernels returns every kernel, sorted by name: the compiler gives each an
// op in this order.
func Kernels() []*Kernel {
	reading("kernels", len(kernels))
	out := append([]*Kernel(nil), kernels...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// MvDists returns every multivariate family, sorted by name.
func MvDists() []*MvDist {
	reading("multivariate families", len(mvDists))
	out := append([]*MvDist(nil), mvDists...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Funcs returns every plain function, sorted by name.
func Funcs() []*Func {
	reading("functions", len(funcs))
	out := append([]*Func(nil), funcs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
