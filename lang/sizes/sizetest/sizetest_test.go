package sizetest

import (
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// TestCasesCoverBuiltins: every built-in overload that takes a container
// has a well-sized case, and every function whose rule relates sizes has a
// mismatched one; Cases' own error says which size group none breaks.
func TestCasesCoverBuiltins(t *testing.T) {
	cases, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	good, bad := map[*lang.Func]bool{}, map[*lang.Func]bool{}
	for _, c := range cases {
		if c.Func != nil {
			good[c.Func] = good[c.Func] || !c.Bad
			bad[c.Func] = bad[c.Func] || c.Bad
		}
	}
	for _, name := range lang.FuncNames() {
		f := lang.LookupFunc(name)
		takes, relates := false, false
		for _, s := range f.Overloads {
			for _, p := range s.Params {
				for _, ty := range candidates(p) {
					takes = takes || isContainer(ty)
				}
			}
			relates = relates || len(sizes.CallRule(s).Groups) > 0
		}
		if takes && !good[f] {
			t.Errorf("%s takes a container but has no well-sized case", name)
		}
		if relates && !bad[f] {
			t.Errorf("%s relates sizes but has no mismatched case", name)
		}
	}
}

// TestSource: a case's program puts the call where Source says.
func TestSource(t *testing.T) {
	cases, _ := Cases()
	for _, c := range append(cases[:3], Statements()...) {
		for _, k := range []lang.BlockKind{lang.BlockModel, lang.BlockGeneratedQuantities} {
			if !c.AllowedIn(k) {
				continue
			}
			src, line, col := c.Source(k)
			p, err := lang.ParseAndCheck("test.bym", []byte(src))
			if err != nil {
				t.Fatalf("%s: %v\n%s", c.Name, err, src)
			}
			if _, err := data.Load(p, "test.json", []byte(c.Data())); err != nil {
				t.Fatalf("%s: data: %v", c.Name, err)
			}
			lines := strings.Split(src, "\n")
			if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) {
				t.Fatalf("%s: position %d:%d outside\n%s", c.Name, line, col, src)
			}
			at := lines[line-1][col-1:]
			if !strings.HasPrefix(at, c.call) || at[0] == ' ' {
				t.Errorf("%s: %d:%d is %q, want the call %q", c.Name, line, col, at, c.call)
			}
		}
	}
}
