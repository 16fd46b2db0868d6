package ir_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

// TestCSEAfterRebuildIsIdentity checks what lets Optimize skip the cse pass
// after the rules pass: a program that a pass rebuilt is left unchanged by
// cse, node for node, data, origins and outputs included. Each program is
// built with the build-time folding and rules off, so that the passes do
// rewrite it; the cse of a copy (which the pass cannot know was rebuilt)
// is compared with the rebuilt program itself.
func TestCSEAfterRebuildIsIdentity(t *testing.T) {
	pass := map[string]ir.Pass{}
	for _, p := range ir.Passes {
		pass[p.Name] = p
	}
	cse := pass["cse"].Fn
	for _, m := range []irtest.Model{irtest.EightSchools(true), irtest.EightSchools(false), irtest.LogisticRegression(20, 3), irtest.VaryingIntercept(50, 4)} {
		t.Run(m.Name, func(t *testing.T) {
			b := ir.NewBuilder(m.Dim)
			b.Fold, b.Rules = false, false
			p, err := ir.Grad(b, m.Build(b))
			if err != nil {
				t.Fatal(err)
			}
			raw := len(p.G.Nodes)
			for _, name := range []string{"fold", "rules"} {
				p = pass[name].Fn(p)
				if got, want := dump(t, cse(copyOf(p))), dump(t, p); got != want {
					t.Errorf("after %s, cse changes the program:\n%s\nwant\n%s", name, got, want)
				}
				if got := cse(p); got != p {
					t.Errorf("after %s, cse rebuilt a rebuilt program", name)
				}
			}
			if len(p.G.Nodes) == raw {
				t.Fatalf("fold and rules left the %d nodes as built: the test checks no rewritten program", raw)
			}
		})
	}
}

// copyOf is p as a program that no pass made.
func copyOf(p *ir.Program) *ir.Program {
	return &ir.Program{G: p.G, LP: p.LP, Grads: p.Grads, Groups: p.Groups}
}

// dump prints every node of p with its origin, the data and the outputs.
func dump(t *testing.T, p *ir.Program) string {
	var s strings.Builder
	if err := ir.Fprint(&s, p, ir.EmitGrad); err != nil {
		t.Fatal(err)
	}
	g := p.G
	for v := range g.Nodes {
		pos := g.Origin(ir.Value(v))
		fmt.Fprintf(&s, "%s @%d:%d\n", ir.FormatNode(g, ir.Value(v)), pos.Line, pos.Col)
	}
	for i, d := range g.Data {
		fmt.Fprintf(&s, "data %d: %v\n", i, d)
	}
	return s.String()
}

// TestIndexInterned: an index array registered twice with the same entries
// and target length is one array, so that gathering the same elements
// twice (w[j] read at every t of a loop) is one node whose adjoint is
// scattered once; a different entry or target length is a new array, and
// arrays already in the graph (a rebuilt graph shares its Index) are found.
func TestIndexInterned(t *testing.T) {
	b := ir.NewBuilder(12)
	b.G.Index = []ir.IndexArray{{Idx: []int32{8, 9, 10, 11}, N: 12}}
	a := b.Index([]int{4, 5, 6, 7}, 12)
	for _, tc := range []struct {
		name string
		idx  []int
		n    int
		same bool
		want ir.IndexID
	}{
		{"same entries", []int{4, 5, 6, 7}, 12, true, a},
		{"already in the graph", []int{8, 9, 10, 11}, 12, true, 0},
		{"other entries", []int{4, 5, 6, 8}, 12, false, 0},
		{"other order", []int{5, 4, 6, 7}, 12, false, 0},
		{"other target length", []int{4, 5, 6, 7}, 13, false, 0},
		{"prefix", []int{4, 5, 6}, 12, false, 0},
	} {
		got := b.Index(tc.idx, tc.n)
		if tc.same && got != tc.want {
			t.Errorf("%s: index %d, want %d", tc.name, got, tc.want)
		}
		if !tc.same && (got == a || got == 0) {
			t.Errorf("%s: index %d is an earlier array's", tc.name, got)
		}
	}
	q := b.ParamVector(0, 12)
	if g1, g2 := b.Gather(q, b.Index([]int{1, 3}, 12)), b.Gather(q, b.Index([]int{1, 3}, 12)); g1 != g2 {
		t.Errorf("two gathers of q[1], q[3] are nodes %d and %d, want one", g1, g2)
	}
}

// TestSimplifiedBuildSkipsRebuilds checks what lets Optimize skip the
// fold, rules and cse passes for a program that a Builder with folding and
// rules on built (Program.simplified): rebuilding it through each of them
// gives it back node for node, and the passes return it as it is.
func TestSimplifiedBuildSkipsRebuilds(t *testing.T) {
	pass := map[string]ir.Pass{}
	for _, p := range ir.Passes {
		pass[p.Name] = p
	}
	for _, m := range []irtest.Model{irtest.EightSchools(true), irtest.EightSchools(false), irtest.LogisticRegression(20, 3), irtest.VaryingIntercept(50, 4)} {
		t.Run(m.Name, func(t *testing.T) {
			b := ir.NewBuilder(m.Dim)
			p, err := ir.Grad(b, m.Build(b))
			if err != nil {
				t.Fatal(err)
			}
			want := dump(t, p)
			for _, name := range []string{"fold", "rules", "cse"} {
				if got := dump(t, pass[name].Fn(copyOf(p))); got != want {
					t.Errorf("%s rebuilds the program differently:\n%s\nwant\n%s", name, got, want)
				}
				if pass[name].Fn(p) != p {
					t.Errorf("%s rebuilt a program its Builder simplified", name)
				}
			}
		})
	}
}
