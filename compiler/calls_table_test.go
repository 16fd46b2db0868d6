package compiler

import (
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// notCompiled lists the built-ins that the compiler leaves to other parts of
// bayes, with the reason; every other built-in of lang's table must have a
// lowering. A new built-in in lang without one fails TestEveryBuiltinLowers.
var notCompiled = map[string]string{}

// notCompiledSuffix: whole classes of distribution functions.
var notCompiledSuffix = map[lang.Suffix]string{
	lang.SuffixRng:   "random draws run in generated quantities and prior predictive (package simulate)",
	lang.SuffixCDF:   "lowered by cdf.go where the family has log CDF kernels (library.Dist.Lcdf); refused at the call otherwise",
	lang.SuffixLCDF:  "lowered by cdf.go where the family has log CDF kernels (library.Dist.Lcdf); refused at the call otherwise",
	lang.SuffixLCCDF: "lowered by cdf.go where the family has log CDF kernels (library.Dist.Lccdf); refused at the call otherwise",
}

// TestEveryBuiltinLowers walks lang's table of built-ins: each function has
// a row in funcTable and each distribution's _lpdf/_lupdf a row in
// distTable, unless it is listed above with its reason. A row is per
// function, not per overload: that a row handles every overload is for the
// tests of its family (calls_breadth_test.go, calls_structural_test.go).
func TestEveryBuiltinLowers(t *testing.T) {
	for _, name := range lang.FuncNames() {
		fn := lang.LookupFunc(name)
		if _, ok := notCompiled[name]; ok {
			continue
		}
		for _, sig := range fn.Overloads {
			switch {
			case sig.Dist != nil && sig.Suffix == lang.SuffixLpdf, sig.Dist != nil && sig.Suffix == lang.SuffixLupdf:
				if distTable[sig.Dist] == nil {
					t.Errorf("%s: distribution %s has no row in distTable", name, sig.Dist.Name)
				}
			case sig.Dist != nil:
				if _, ok := notCompiledSuffix[sig.Suffix]; !ok {
					t.Errorf("%s: no lowering and no reason in notCompiledSuffix", name)
				}
			case funcTable[fn] == nil:
				t.Errorf("%s: no row in funcTable (add one, or a reason in notCompiled)", name)
			}
		}
	}
	for _, d := range lang.Dists() {
		if distTable[d] == nil {
			t.Errorf("distribution %s has no row in distTable", d.Name)
		}
	}
}

// TestNotCompiledNamesExist keeps the lists above honest.
func TestNotCompiledNamesExist(t *testing.T) {
	for name := range notCompiled {
		if lang.LookupFunc(name) == nil && !strings.HasSuffix(name, "_rng") {
			t.Errorf("notCompiled names %q, which lang does not declare", name)
		}
	}
}
