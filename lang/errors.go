package lang

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
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
	var b strings.Builder
	for _, e := range l {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", file, e.Pos.Line, e.Pos.Col, e.Msg)
		line, ok := sourceLine(src, e.Pos.Line)
		if !ok {
			continue
		}
		text, col := excerpt(bytes.TrimRight(line, "\r"), e.Pos.Col-1)
		b.WriteString("    " + expandTabs(text) + "\n")
		b.WriteString("    " + strings.Repeat(" ", col) + "^\n")
	}
	return b.String()
}

// sourceLine is line n (1-based) of src, without its newline, and whether
// src has that line. It copies nothing: a data file can be gigabytes.
func sourceLine(src []byte, n int) ([]byte, bool) {
	if n < 1 {
		return nil, false
	}
	for ; n > 1; n-- {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return nil, false
		}
		src = src[i+1:]
	}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return src, true
}

// excerptWidth bounds the source shown under a message: a data file can hold
// a whole vector on one line of megabytes.
const excerptWidth = 100

// excerpt cuts a long line to about excerptWidth runes around column col
// (0-based, in runes, clamped to the line), marking cuts with "...", and
// returns the text and the caret's new column.
func excerpt(line []byte, col int) (string, int) {
	n := utf8.RuneCount(line)
	col = min(max(col, 0), n)
	if n <= excerptWidth {
		return runeString(line), col
	}
	lo := max(col-excerptWidth/2, 0)
	hi := min(lo+excerptWidth, n)
	lo = max(hi-excerptWidth, 0)
	out := runeString(runeSlice(line, lo, hi))
	if lo > 0 {
		out = "..." + out
		col += 3
	}
	if hi < n {
		out += "..."
	}
	return out, col - lo
}

// runeSlice is line's runes lo to hi (0-based, hi excluded).
func runeSlice(line []byte, lo, hi int) []byte {
	start, i := len(line), 0
	for off := range string(line) {
		if i == lo {
			start = off
		}
		if i == hi {
			return line[start:off]
		}
		i++
	}
	return line[start:]
}

// runeString is b with each invalid byte written as U+FFFD, as a
// conversion through []rune writes it.
func runeString(b []byte) string { return string([]rune(string(b))) }

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
