// Package pretty lays out a document of texts, breaks and groups in lines
// of at most Width columns, breaking the outermost groups that do not fit
// (Oppen 1980, "Prettyprinting", with the greedy filling of every group
// that stanc3's Format boxes give). It knows nothing of Stan: lang builds
// the documents of expressions and types, lang/printer those of statements,
// as go/printer leaves column alignment to text/tabwriter.
//
// Input: a *Doc built with Text, Space and Group. Output: its text on one
// line (Flat), or laid out in lines from a starting column (Write).
package pretty

import (
	"bytes"
	"strings"
)

// Width is the widest line Write writes when it can break the line.
// posteriordb's programs keep an 80-column line whole and break one of 82.
const Width = 80

// AlignColumn is the rightmost column a continuation line may start at: a
// group that starts further right (an argument list deep in a long line) is
// not broken, since its continuation lines would hold only a few columns
// each. OCaml's Format, which stanc3's formatter uses, has a similar limit
// (max_indent).
const AlignColumn = 60

// A Doc is a piece of one statement's text with the places where a line may
// break: a tree of texts, breaks and groups. A group's continuation lines
// start at the column where the group starts, so that broken operands line up
// under the first operand and broken arguments under the first argument.
type Doc struct {
	kind  kind
	text  string // a text: the text; a break: what it prints when the line does not break
	items []*Doc // a group's
	width int    // the width of the doc printed on one line

	// Hang, for a group, starts its continuation lines this far right of
	// the group's start.
	Hang int
	// LastResort marks a break taken only when what follows it in its
	// group overflows where it stands and fits on a line of its own (the
	// break before the = of an assignment or a declaration).
	LastResort bool
}

type kind uint8

const (
	kindText kind = iota
	kindBreak
	kindGroup
)

// Text is s, which never breaks.
func Text(s string) *Doc { return &Doc{kind: kindText, text: s, width: len(s)} }

// Space is a break that prints one space when the line does not break there.
func Space() *Doc { return &Doc{kind: kindBreak, text: " ", width: 1} }

// Group is items in order, broken as one group.
func Group(items ...*Doc) *Doc {
	g := &Doc{kind: kindGroup, items: items}
	for _, it := range items {
		g.width += it.width
	}
	return g
}

// Flat returns d on one line.
func (d *Doc) Flat() string {
	var b strings.Builder
	d.writeFlat(&b)
	return b.String()
}

func (d *Doc) writeFlat(b *strings.Builder) {
	switch d.kind {
	case kindGroup:
		for _, it := range d.items {
			it.writeFlat(b)
		}
	default:
		b.WriteString(d.text)
	}
}

// Write writes d to buf, the line so far being col columns wide, breaking
// lines where d does not fit in Width columns; it writes no final newline.
func Write(buf *bytes.Buffer, col int, d *Doc) {
	l := layout{buf: buf, col: col}
	l.group(d, 0)
}

// layout is the state of one Write: the column reached, and whether a line
// went past Width.
type layout struct {
	buf  *bytes.Buffer
	col  int
	over bool
}

// group writes g starting at the current column; trail is the width of the
// text that must follow g on the same line (up to the next break outside g).
func (l *layout) group(g *Doc, trail int) {
	if g.kind != kindGroup || l.col+g.width+trail <= Width {
		l.write(g.Flat())
		return
	}
	start := l.col + g.Hang
	for i, it := range g.items {
		switch it.kind {
		case kindText:
			l.write(it.text)
		case kindGroup:
			l.group(it, trailAfter(g, i, trail))
		case kindBreak:
			if it.LastResort {
				rest := Group(g.items[i+1:]...)
				if !overflows(rest, l.col+it.width, trail) || overflows(rest, start, trail) {
					l.write(it.text)
					continue
				}
			} else if l.col+it.width+trailAfter(g, i, trail) <= Width || start >= l.col || start > AlignColumn {
				// Break only when the rest up to the next break does not fit
				// and breaking moves it left.
				l.write(it.text)
				continue
			}
			l.buf.WriteByte('\n')
			l.buf.WriteString(strings.Repeat(" ", start))
			l.col = start
		}
	}
}

// trailAfter is the width of the items after g.items[i] up to g's next break,
// plus trail when g ends first.
func trailAfter(g *Doc, i, trail int) int {
	w := 0
	for _, it := range g.items[i+1:] {
		if it.kind == kindBreak {
			return w
		}
		w += it.width
	}
	return w + trail
}

func (l *layout) write(s string) {
	l.buf.WriteString(s)
	l.col += len(s)
	l.over = l.over || l.col > Width
}

// overflows reports whether d, laid out from column col and followed by
// trail columns, has a line wider than Width.
func overflows(d *Doc, col, trail int) bool {
	l := layout{buf: &bytes.Buffer{}, col: col}
	l.group(d, trail)
	return l.over || l.col+trail > Width
}
