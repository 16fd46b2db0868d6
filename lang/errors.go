package lang

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a model or data file, at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

// ErrorList is every error found in one file, sorted by position. It is itself an error.
type ErrorList []*Error

// Add appends an error at pos.
func (l *ErrorList) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by position, keeping the order of errors at the same place.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns nil for an empty list, else the sorted list as an error.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Format writes every error as `file:line:col: msg`, then the source line and a
// caret under the column, the one layout every command uses.
func (l ErrorList) Format(file string, src []byte) string {
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for _, e := range l {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", file, e.Pos.Line, e.Pos.Col, e.Msg)
		if e.Pos.Line < 1 || e.Pos.Line > len(lines) {
			continue
		}
		line := []rune(expandTabs(strings.TrimRight(lines[e.Pos.Line-1], "\r")))
		col := min(max(e.Pos.Col-1, 0), len(line))
		line, col = excerpt(line, col)
		b.WriteString("    " + string(line) + "\n")
		b.WriteString("    " + strings.Repeat(" ", col) + "^\n")
	}
	return b.String()
}

// excerptWidth bounds the source shown under a message: a data file can hold
// a whole vector on one line of megabytes.
const excerptWidth = 100

// excerpt cuts a long line to about excerptWidth runes around column col
// (0-based), marking cuts with "...", and returns the caret's new column.
func excerpt(line []rune, col int) ([]rune, int) {
	if len(line) <= excerptWidth {
		return line, col
	}
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
	return out, col - lo
}

// expandTabs replaces tabs by single spaces so the caret lines up whatever the terminal's tab width.
func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", " ") }

// FileError is an ErrorList together with the file it is about, so that any
// command can print it in the one layout: `file:line:col: msg`, the source
// line, and a caret.
type FileError struct {
	File string
	Src  []byte
	List ErrorList
}

func (e *FileError) Error() string {
	return strings.TrimRight(e.List.Format(e.File, e.Src), "\n")
}

// Unwrap gives the ErrorList to errors.As.
func (e *FileError) Unwrap() error { return e.List }
