package ir

import (
	"errors"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestRebuildFailureNamesOrigin: a pass that fails while it rebuilds a
// node reports the source position the node was built for, so that
// CompileModel can place the error in the model.
func TestRebuildFailureNamesOrigin(t *testing.T) {
	saved := rules
	rules = append(rules[:len(rules):len(rules)], rule{"injected", OpExp, func(b *Builder, n *Node) (Value, bool) {
		if !b.Fold { // only in the rules pass, which folds nothing
			Bailf("injected pass failure")
		}
		return NoValue, false
	}})
	t.Cleanup(func() { rules = saved })

	// Built without the rules, so that the rules pass rebuilds the graph
	// (a graph built with them is left as it is: Program.simplified).
	b := NewBuilder(1)
	b.Rules = false
	b.At = lang.Pos{Line: 3, Col: 5}
	x := b.Param(0)
	b.At = lang.Pos{Line: 11, Col: 13}
	lp := b.Exp(x)
	p, err := Grad(b, lp)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Optimize(p)
	var se *ShapeError
	if !errors.As(err, &se) {
		t.Fatalf("Optimize: %v, want a *ShapeError", err)
	}
	if want := (lang.Pos{Line: 11, Col: 13}); se.Pos != want || se.Msg != "injected pass failure" {
		t.Errorf("Optimize: %q at %v, want %q at %v", se.Msg, se.Pos, "injected pass failure", want)
	}
}
