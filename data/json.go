package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// A streaming JSON reader (RFC 8259) for data files. It reads the file a
// buffer at a time and keeps each value compactly (jsonData: 9 bytes a
// number), so that checking a data file of millions of numbers takes little
// more memory than their float64s; the file itself is read into memory only
// to show an error. It knows the byte offset of every value, so that each
// data error can point at the value it is about: a message reads the value
// again from the file's text, with the offsets (encoding/json's Decoder
// gives no reliable offsets for syntax errors: its SyntaxError.Offset
// counts from its buffer, not the file).

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonTrue
	jsonFalse
	jsonInt    // a number written without fraction or exponent: 42, -7
	jsonNumber // any other number: 4.2, 1e3
	jsonString
	jsonArray
	jsonObject // inside a value: kept as one token, its members skipped
)

// jsonData is one JSON value read compactly: every value in it, in document
// order (an array before its elements), as a kind, with the numbers, the
// arrays' lengths and the strings apart. Every value that is not an array
// (a scalar) has an entry in nums, or in ints for an int variable, so that
// the numbers of a well-formed vector or matrix are nums (or ints) itself,
// row-major.
type jsonData struct {
	off   int        // byte offset of the value's first character in the file
	isInt bool       // the value is an int variable's: its numbers go in ints
	kinds []jsonKind // each value's kind
	nums  []float64  // each scalar's number (±Inf when too large; 0 for a non-number)
	ints  []int      // for an int variable, each scalar's number, just outside Stan's range when beyond it
	lens  []int      // each array's number of elements, arrays in order
	strs  []string   // each string, decoded, in order
	// offs are each value's offset from off, kept only when the value is
	// read again for a message (withOffsets).
	offs     []uint32
	keepOffs bool
}

// reserve makes room for a value of the given shape, which the
// declaration says it has: its scalars and its arrays (one per element of
// every dimension but the last), so that a large vector is read without
// growing its slices again and again. limit bounds the scalars, since the
// sizes come from the file: a wrong N must not allocate gigabytes.
func (d *jsonData) reserve(shape []int, limit int) {
	if len(shape) == 0 {
		return
	}
	arrays, n := 0, 1
	for _, s := range shape {
		arrays += n // one array for each element of the dimensions before
		if s > limit || n*s > limit {
			return
		}
		n *= s
	}
	d.kinds = make([]jsonKind, 0, n+arrays)
	if d.isInt {
		d.ints = make([]int, 0, n)
	} else {
		d.nums = make([]float64, 0, n)
	}
	d.lens = make([]int, 0, arrays)
}

// maxJSONDepth bounds nesting: no declaration has more dimensions, and the
// recursion of the reader stays small whatever the input.
const maxJSONDepth = 64

// jsonSyntaxError is a syntax error at a byte offset. A malformed number is
// described from the file, once it is read (badNumber: the number starts at
// off, the reader stopped at end).
type jsonSyntaxError struct {
	off       int
	msg       string
	badNumber bool
	end       int
}

// jsonScanner reads JSON from r a buffer at a time.
type jsonScanner struct {
	r    io.Reader
	buf  []byte
	pos  int   // next byte in buf
	base int   // file offset of buf[0]
	eof  bool  // r has no more bytes
	err  error // a read error other than io.EOF
	tok  []byte
}

const jsonBufSize = 64 << 10

func newJSONScanner(r io.Reader) *jsonScanner {
	return &jsonScanner{r: r, buf: make([]byte, 0, jsonBufSize)}
}

// off is the file offset of the next byte.
func (s *jsonScanner) off() int { return s.base + s.pos }

// ensure makes at least n bytes available after pos, unless the file ends
// first, and reports how many are.
func (s *jsonScanner) ensure(n int) int {
	for len(s.buf)-s.pos < n && !s.eof {
		if s.pos > 0 {
			rest := copy(s.buf, s.buf[s.pos:])
			s.base += s.pos
			s.buf, s.pos = s.buf[:rest], 0
		}
		m, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+m]
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.eof, s.err = true, err
		}
	}
	return len(s.buf) - s.pos
}

// peek returns the next byte; ok is false at the end of the file.
func (s *jsonScanner) peek() (c byte, ok bool) {
	if s.pos < len(s.buf) || s.ensure(1) > 0 {
		return s.buf[s.pos], true
	}
	return 0, false
}

func (s *jsonScanner) errorf(format string, args ...any) *jsonSyntaxError {
	return &jsonSyntaxError{off: s.off(), msg: fmt.Sprintf(format, args...)}
}

// found describes the character at the scanner's position.
func (s *jsonScanner) found() string {
	if s.ensure(utf8.UTFMax) == 0 {
		return "end of file"
	}
	c, _ := utf8.DecodeRune(s.buf[s.pos:])
	return fmt.Sprintf("%q", c)
}

func (s *jsonScanner) space() {
	for {
		c, ok := s.peek()
		if !ok {
			return
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *jsonScanner) hasPrefix(w string) bool {
	return s.ensure(len(w)) >= len(w) && string(s.buf[s.pos:s.pos+len(w)]) == w
}

// push records a value of kind k at offset off in d (nil: the value is
// only checked, as for names the model does not declare).
func (d *jsonData) push(k jsonKind, off int, x float64) {
	if d == nil {
		return
	}
	d.kinds = append(d.kinds, k)
	if d.keepOffs {
		// Offsets more than 4 GiB into one value stop at 4 GiB.
		d.offs = append(d.offs, uint32(min(off-d.off, math.MaxUint32)))
	}
	switch {
	case k == jsonArray:
	case d.isInt:
		// A number beyond Stan's ints stays beyond them, whatever its size.
		d.ints = append(d.ints, int(max(min(x, simulate.MaxInt+1), simulate.MinInt-1)))
	default:
		d.nums = append(d.nums, x)
	}
}

// num is the i-th scalar's number.
func (d *jsonData) num(i int) float64 {
	if d.isInt {
		return float64(d.ints[i])
	}
	return d.nums[i]
}

// scalars is the number of scalars.
func (d *jsonData) scalars() int {
	if d.isInt {
		return len(d.ints)
	}
	return len(d.nums)
}

// value reads one value into d (nil to only check it).
func (s *jsonScanner) value(d *jsonData, depth int) *jsonSyntaxError {
	if depth > maxJSONDepth {
		return s.errorf("values nested more than %d deep", maxJSONDepth)
	}
	c, ok := s.peek()
	if !ok {
		return s.errorf("unexpected end of file: expected a value")
	}
	start := s.off()
	switch {
	case c == '{':
		d.push(jsonObject, start, 0)
		return s.object(depth, nil)
	case c == '[':
		return s.array(d, depth)
	case c == '"':
		str, err := s.str()
		if err != nil {
			return err
		}
		if d != nil {
			d.strs = append(d.strs, str)
		}
		d.push(jsonString, start, 0)
		return nil
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number(d)
	}
	for _, w := range []struct {
		word string
		kind jsonKind
	}{{"true", jsonTrue}, {"false", jsonFalse}, {"null", jsonNull}} {
		if s.hasPrefix(w.word) {
			s.pos += len(w.word)
			d.push(w.kind, start, 0)
			return nil
		}
	}
	// CmdStan writes non-finite reals as the strings "NaN", "inf", "-inf";
	// some writers put bare NaN or Infinity, which JSON does not allow.
	for _, w := range []string{"NaN", "Infinity", "-Infinity", "inf", "-inf"} {
		if s.hasPrefix(w) {
			return s.errorf("%s is not valid JSON, and data must be finite anyway", w)
		}
	}
	return s.errorf("expected a value, found %s", s.found())
}

// object reads an object. member, when not nil, is called with each
// member's name and the offset of the name, and reads the member's value
// itself; otherwise the values are only checked.
func (s *jsonScanner) object(depth int, member func(name string, off int) *jsonSyntaxError) *jsonSyntaxError {
	open := s.off()
	s.pos++ // {
	s.space()
	if c, ok := s.peek(); ok && c == '}' {
		s.pos++
		return nil
	}
	notClosed := &jsonSyntaxError{off: open, msg: "unexpected end of file: this object is not closed"}
	for {
		s.space()
		c, ok := s.peek()
		if !ok {
			return notClosed
		}
		if c != '"' {
			return s.errorf("expected a member name in double quotes, found %s", s.found())
		}
		koff := s.off()
		k, err := s.str()
		if err != nil {
			return err
		}
		s.space()
		if c, ok := s.peek(); !ok || c != ':' {
			return s.errorf("expected ':' after the member name %q, found %s", k, s.found())
		}
		s.pos++
		s.space()
		if member != nil {
			err = member(k, koff)
		} else {
			err = s.value(nil, depth+1)
		}
		if err != nil {
			return err
		}
		s.space()
		c, ok = s.peek()
		if !ok {
			return notClosed
		}
		switch c {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.errorf("expected ',' or '}' after an object member, found %s", s.found())
		}
	}
}

func (s *jsonScanner) array(d *jsonData, depth int) *jsonSyntaxError {
	open := s.off()
	d.push(jsonArray, open, 0)
	n, k := 0, 0
	if d != nil {
		k = len(d.lens)
		d.lens = append(d.lens, 0)
	}
	s.pos++ // [
	s.space()
	if c, ok := s.peek(); ok && c == ']' {
		s.pos++
		return nil
	}
	for {
		s.space()
		if err := s.value(d, depth+1); err != nil {
			return err
		}
		n++
		s.space()
		c, ok := s.peek()
		if !ok {
			return &jsonSyntaxError{off: open, msg: "unexpected end of file: this array is not closed"}
		}
		switch c {
		case ',':
			s.pos++
		case ']':
			s.pos++
			if d != nil {
				d.lens[k] = n
			}
			return nil
		default:
			return s.errorf("expected ',' or ']' after an array element, found %s", s.found())
		}
	}
}

// str reads a string; encoding/json decodes its escapes.
func (s *jsonScanner) str() (string, *jsonSyntaxError) {
	start := s.off()
	s.tok = append(s.tok[:0], '"')
	s.pos++ // "
	for {
		c, ok := s.peek()
		if !ok {
			return "", &jsonSyntaxError{off: start, msg: "unexpected end of file: this string is not closed"}
		}
		switch {
		case c == '"':
			s.pos++
			s.tok = append(s.tok, c)
			var v string
			if err := json.Unmarshal(s.tok, &v); err != nil {
				return "", &jsonSyntaxError{off: start, msg: "invalid string: " + err.Error()}
			}
			return v, nil
		case c == '\\':
			s.tok = append(s.tok, c)
			s.pos++
			if c, ok := s.peek(); ok {
				s.tok = append(s.tok, c)
				s.pos++
			}
		case c < 0x20:
			return "", s.errorf("a control character in a string must be escaped")
		default:
			s.tok = append(s.tok, c)
			s.pos++
		}
	}
}

// number reads a number following the JSON grammar:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (s *jsonScanner) number(d *jsonData) *jsonSyntaxError {
	start := s.off()
	s.tok = s.tok[:0]
	take := func() { c, _ := s.peek(); s.tok = append(s.tok, c); s.pos++ }
	is := func(set string) bool {
		c, ok := s.peek()
		for i := 0; ok && i < len(set); i++ {
			if c == set[i] {
				return true
			}
		}
		return false
	}
	digits := func() int {
		n := 0
		for {
			c, ok := s.peek()
			if !ok || c < '0' || c > '9' {
				return n
			}
			take()
			n++
		}
	}
	bad := func() *jsonSyntaxError {
		return &jsonSyntaxError{off: start, badNumber: true, end: s.off()}
	}
	kind := jsonInt
	if is("-") {
		take()
	}
	if is("0") {
		take()
	} else if digits() == 0 {
		if s.hasPrefix("Infinity") || s.hasPrefix("inf") {
			return &jsonSyntaxError{off: start, msg: "-Infinity is not valid JSON, and data must be finite anyway"}
		}
		return bad()
	}
	if is(".") {
		kind = jsonNumber
		take()
		if digits() == 0 {
			return bad()
		}
	}
	if is("eE") {
		kind = jsonNumber
		take()
		if is("+-") {
			take()
		}
		if digits() == 0 {
			return bad()
		}
	}
	if c, ok := s.peek(); ok && !isJSONDelim(c) {
		return bad()
	}
	if d == nil {
		return nil
	}
	// A number too large for a float64 is ±Inf (ParseFloat's ErrRange):
	// the binding refuses it with the text written.
	x, _ := strconv.ParseFloat(string(s.tok), 64)
	d.push(kind, start, x)
	return nil
}

// isJSONDelim reports whether c may follow a number.
func isJSONDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ']', '}':
		return true
	}
	return false
}

// badNumberText is the malformed number at off in src, up to where the
// reader stopped and then to a delimiter, at most 40 bytes, for its message.
func badNumberText(src []byte, off, end int) string {
	end = min(end, len(src))
	for end < len(src) && end-off < 40 && !isJSONDelim(src[end]) {
		end++
	}
	return fmt.Sprintf("invalid number %q", src[off:end])
}

// ---------------------------------------------------------------- reading a jsonData

// jsonCursor walks a jsonData in document order.
type jsonCursor struct {
	d                *jsonData
	val, scalar, arr int // the next value, and the scalar and array it is or follows
	str              int
}

func (c *jsonCursor) kind() jsonKind { return c.d.kinds[c.val] }

// off is the offset of the value at the cursor, from src, the file's text.
func (c *jsonCursor) off(src []byte) int {
	c.d.withOffsets(src)
	return c.d.off + int(c.d.offs[c.val])
}

// withOffsets reads the value again from src, the file it was read from,
// keeping each value's offset this time.
func (d *jsonData) withOffsets(src []byte) {
	if d.offs != nil {
		return
	}
	again := &jsonData{off: d.off, keepOffs: true}
	sc := newJSONScanner(bytes.NewReader(src[d.off:]))
	sc.base = d.off
	if err := sc.value(again, 1); err != nil || len(again.offs) != len(d.kinds) {
		// The file changed since it was read: place every value at its start.
		again.offs = make([]uint32, len(d.kinds))
	}
	d.offs = again.offs
}

// len is the number of elements of the array at the cursor.
func (c *jsonCursor) len() int { return c.d.lens[c.arr] }

// next moves past the value at the cursor, into it for an array.
func (c *jsonCursor) next() {
	switch c.kind() {
	case jsonArray:
		c.arr++
	case jsonString:
		c.str++
		c.scalar++
	default:
		c.scalar++
	}
	c.val++
}

// skip moves past the value at the cursor and all it holds.
func (c *jsonCursor) skip() {
	if c.kind() != jsonArray {
		c.next()
		return
	}
	n := c.len()
	c.next()
	for range n {
		c.skip()
	}
}

// scalarOff is the offset of the i-th scalar of d, from src.
func (d *jsonData) scalarOff(src []byte, i int) int {
	d.withOffsets(src)
	for v, k := range d.kinds {
		if k == jsonArray {
			continue
		}
		if i == 0 {
			return d.off + int(d.offs[v])
		}
		i--
	}
	return d.off
}

// describe names the value at the cursor for a message: its text (a
// number as written, read from src), "the string ...", "an array".
func (c *jsonCursor) describe(src []byte) string {
	switch c.kind() {
	case jsonNull:
		return "null"
	case jsonTrue:
		return "true"
	case jsonFalse:
		return "false"
	case jsonInt, jsonNumber:
		return numberText(src, c.off(src))
	case jsonString:
		return fmt.Sprintf("the string %q", c.d.strs[c.str])
	case jsonArray:
		return "an array"
	}
	return "an object"
}

// numberText is the number written at off in src.
func numberText(src []byte, off int) string {
	end := off
	for end < len(src) && !isJSONDelim(src[end]) {
		end++
	}
	return string(src[off:end])
}

// lineCol turns a byte offset into a 1-based line and a 1-based column counted
// in runes, the unit lang.ErrorList.Format uses for its caret.
func lineCol(src []byte, off int) lang.Pos {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return lang.Pos{Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}
