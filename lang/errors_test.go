package lang

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// formatReference is Format as it was written first: every line of src
// split out and converted to runes, then cut around the column.
func formatReference(l ErrorList, file string, src []byte) string {
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for _, e := range l {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", file, e.Pos.Line, e.Pos.Col, e.Msg)
		if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
			continue
		}
		line := []rune(expandTabs(strings.TrimRight(lines[e.Pos.Line-1], "\r")))
		col := min(max(e.Pos.Col-1, 0), len(line))
		if len(line) > excerptWidth {
			lo := max(col-excerptWidth/2, 0)
			hi := min(lo+excerptWidth, len(line))
			lo = max(hi-excerptWidth, 0)
			out := append([]rune{}, line[lo:hi]...)
			if lo > 0 {
				out = append([]rune("..."), out...)
				col += 3
			}
			if hi < len(line) {
				out = append(out, []rune("...")...)
			}
			line, col = out, col-lo
		}
		b.WriteString("    " + string(line) + "\n")
		b.WriteString("    " + strings.Repeat(" ", col) + "^\n")
	}
	return b.String()
}

// TestFormatExcerpt checks Format, which finds the error's line without
// splitting the whole file (a data file can be gigabytes on one line),
// against the plain reference: random files of short and very long lines,
// with tabs, carriage returns, multi-byte and invalid UTF-8, and positions
// inside, at the ends of and past their lines.
func TestFormatExcerpt(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pieces := []string{"a", "1", " ", "\t", "é", "世", "\xff", "\r", ",", "xyz"}
	for trial := range 300 {
		var src strings.Builder
		nlines := 1 + rng.IntN(4)
		for i := range nlines {
			n := rng.IntN(3) * rng.IntN(160)
			for range n {
				src.WriteString(pieces[rng.IntN(len(pieces))])
			}
			if i < nlines-1 || rng.IntN(2) == 0 {
				src.WriteByte('\n')
			}
		}
		var l ErrorList
		for range 3 {
			l.Add(Pos{Line: rng.IntN(nlines + 2), Col: rng.IntN(200) - 5}, "msg")
		}
		got, want := l.Format("f", []byte(src.String())), formatReference(l, "f", []byte(src.String()))
		if got != want {
			t.Fatalf("trial %d: src %q\ngot\n%s\nwant\n%s", trial, src.String(), got, want)
		}
	}
}
