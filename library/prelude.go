package library

import (
	_ "embed" // the dialect
	"regexp"
	"strings"
)

// The C prelude: every C body of the library in one translation-unit
// prefix. Each special function file registers its body with registerC,
// each Kernel's body is registered with the kernel; CPrelude writes the
// dialect (prelude_head.h) and then the bodies, each after the bodies
// whose names it uses, so no file keeps an order by hand.

//go:embed prelude_head.h
var preludeHead string

// cUnit is one C body and the names it defines.
type cUnit struct {
	name   string
	code   string
	kernel bool // a Kernel's body: written after the special functions
}

// defs are the functions, data and macros u defines. They are read from
// the code when the prelude is written, not at registration: the
// expression costs every command's start 3 ms, and only the C backends
// need the prelude.
func (u *cUnit) defs() []string {
	var defs []string
	for _, m := range cDefRx.FindAllStringSubmatch(u.code, -1) {
		defs = append(defs, m[1]+m[2])
	}
	if len(defs) == 0 {
		panic("library: the C body of " + u.name + " defines nothing")
	}
	return defs
}

var cUnits []*cUnit

var (
	cDefRx   = regexp.MustCompile(`(?m)^(?:BAYES_FN|BAYES_DATA)\s[^(=\[]*?\b(bayes_\w+)\s*[(\[]|^#define\s+(\w+)`)
	cIdentRx = regexp.MustCompile(`\b[A-Za-z_]\w*\b`)
)

// registerC adds a C body. name is for messages; the functions, data and
// macros the body defines are read from it.
func registerC(name, code string) { addC(name, code, false) }

func addC(name, code string, kernel bool) {
	cUnits = append(cUnits, &cUnit{name: name, code: strings.TrimSpace(code) + "\n", kernel: kernel})
}

// CPrelude is the C source of every special function and kernel: the
// dialect (bayes_real, BAYES_FN, BAYES_R, BAYES_M, ...) and then each body
// after those it calls; otherwise the special functions first, then the
// kernels, each in name order.
func CPrelude() string {
	reading("kernels", len(kernels))
	byDef := map[string]*cUnit{}
	for _, u := range cUnits {
		for _, d := range u.defs() {
			if byDef[d] != nil {
				panic("library: " + d + " is defined by the C bodies of " + byDef[d].name + " and " + u.name)
			}
			byDef[d] = u
		}
	}
	units := append([]*cUnit(nil), cUnits...)
	sortByName(units)
	var b strings.Builder
	b.WriteString(preludeHead)
	done := map[*cUnit]int{} // 1 while being written, 2 when written
	var write func(u *cUnit)
	write = func(u *cUnit) {
		switch done[u] {
		case 1:
			panic("library: the C bodies call each other in a cycle through " + u.name)
		case 2:
			return
		}
		done[u] = 1
		for _, id := range cIdentRx.FindAllString(u.code, -1) {
			if dep := byDef[id]; dep != nil && dep != u {
				write(dep)
			}
		}
		b.WriteString("\n")
		b.WriteString(u.code)
		done[u] = 2
	}
	for _, u := range units {
		write(u)
	}
	return b.String()
}

func sortByName(us []*cUnit) {
	less := func(a, b *cUnit) bool {
		if a.kernel != b.kernel {
			return b.kernel
		}
		return a.name < b.name
	}
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && less(us[j], us[j-1]); j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}
