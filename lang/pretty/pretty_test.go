package pretty

import (
	"bytes"
	"strings"
	"testing"
)

// call is the document of name(arg, arg, ...) as lang builds it:
// the arguments a group of their own that breaks after its commas, so that
// continuation lines start under the first argument.
func call(name string, args ...string) *Doc {
	var items []*Doc
	for i, a := range args {
		if i > 0 {
			items = append(items, Text(","), Space())
		}
		items = append(items, Text(a))
	}
	return Group(Text(name+"("), Group(append(items, Text(")"))...))
}

// TestWrite checks the layout rules on small documents: what fits stays on
// one line, a group that does not fit breaks only where the rest up to the
// next break does not fit, continuation lines start under the group's
// start, and a last-resort break is taken only when the rest fits on a line
// of its own.
func TestWrite(t *testing.T) {
	long := strings.Repeat("x", 30)
	assign := func(lhs string, rhs *Doc) *Doc {
		brk := Space()
		brk.LastResort = true
		d := Group(Text(lhs), brk, Text("= "), rhs)
		d.Hang = 4
		return d
	}
	for _, c := range []struct {
		name string
		col  int
		doc  *Doc
		want string
	}{
		{"fits", 0, call("f", "a", "b"), "f(a, b)"},
		{"80 columns fit", 0, call("f", strings.Repeat("a", 76)), "f(" + strings.Repeat("a", 76) + ")"},
		{"breaks after commas, aligned", 0, call("foo", long, long, long),
			"foo(" + long + ", " + long + ",\n    " + long + ")"},
		{"from the column given", 50, call("g", long, long),
			"g(" + long + ",\n" + strings.Repeat(" ", 52) + long + ")"},
		{"past AlignColumn no break", 61, call("h", long, long), "h(" + long + ", " + long + ")"},
		{"last resort taken", 0, assign(long+long, Text(long)), long + long + "\n    = " + long},
		{"last resort not needed", 0, assign(long+long, Text("1")), long + long + " = 1"},
		{"last resort useless", 0, assign(long[:20], call("f", long, long, long)), // the rest fits nowhere
			long[:20] + " = f(" + long + ",\n" + strings.Repeat(" ", 25) + long + ",\n" + strings.Repeat(" ", 25) + long + ")"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			Write(&b, c.col, c.doc)
			if b.String() != c.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), c.want)
			}
			if flat := c.doc.Flat(); strings.ContainsRune(flat, '\n') {
				t.Errorf("Flat has a newline: %q", flat)
			}
		})
	}
}
