package lang

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// A small JSON reader (RFC 8259) for data files. It keeps the byte offset of
// every value, so that each data error can point at the value it is about;
// encoding/json's Decoder gives no reliable offsets for syntax errors (its
// SyntaxError.Offset counts from its buffer, not the file).

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is one value with its place in the file.
type jsonValue struct {
	kind  jsonKind
	off   int         // byte offset of its first character
	text  string      // a number as written, a decoded string, "true" or "false"
	elems []jsonValue // array elements, or object member values
	names *jsonNames  // an object's member names; nil for other values
}

// jsonNames are an object's member names, apart from jsonValue so that the
// millions of numbers of a large data file stay small.
type jsonNames struct {
	keys  []string // parallel to the object's elems
	kOffs []int    // offsets of the names
}

// describe names the value for a message: "the number 8.5", "null", "an array".
func (v *jsonValue) describe() string {
	switch v.kind {
	case jsonNull:
		return "null"
	case jsonBool:
		return v.text
	case jsonNumber:
		return v.text
	case jsonString:
		return fmt.Sprintf("the string %q", v.text)
	case jsonArray:
		return "an array"
	}
	return "an object"
}

// maxJSONDepth bounds nesting: no declaration has more dimensions, and the
// recursion of the reader stays small whatever the input.
const maxJSONDepth = 64

// jsonSyntaxError is a syntax error at a byte offset.
type jsonSyntaxError struct {
	off int
	msg string
}

type jsonReader struct {
	src  []byte
	text string // src as a string, which numbers' texts slice without copying
	pos  int
	// stack holds the elements of the arrays being read, innermost last:
	// each array is copied out once, at its size, when it closes.
	stack []jsonValue
}

// parseJSON reads exactly one JSON value, surrounded only by white space.
func parseJSON(src []byte) (jsonValue, *jsonSyntaxError) {
	r := &jsonReader{src: src, text: string(src)}
	r.space()
	if r.pos == len(src) {
		return jsonValue{}, &jsonSyntaxError{0, "the data file is empty; expected a JSON object such as {\"N\": 3, \"y\": [1, 2, 3]}"}
	}
	v, err := r.value(0)
	if err != nil {
		return jsonValue{}, err
	}
	r.space()
	if r.pos < len(src) {
		return jsonValue{}, r.errorf("unexpected %s after the end of the top-level value", r.found())
	}
	return v, nil
}

func (r *jsonReader) errorf(format string, args ...any) *jsonSyntaxError {
	return &jsonSyntaxError{r.pos, fmt.Sprintf(format, args...)}
}

// found describes the character at the reader's position.
func (r *jsonReader) found() string {
	if r.pos >= len(r.src) {
		return "end of file"
	}
	c, _ := utf8.DecodeRune(r.src[r.pos:])
	return fmt.Sprintf("%q", c)
}

func (r *jsonReader) space() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) value(depth int) (jsonValue, *jsonSyntaxError) {
	if depth > maxJSONDepth {
		return jsonValue{}, r.errorf("values nested more than %d deep", maxJSONDepth)
	}
	if r.pos >= len(r.src) {
		return jsonValue{}, r.errorf("unexpected end of file: expected a value")
	}
	start := r.pos
	switch c := r.src[r.pos]; {
	case c == '{':
		return r.object(depth)
	case c == '[':
		return r.array(depth)
	case c == '"':
		s, err := r.str()
		return jsonValue{kind: jsonString, off: start, text: s}, err
	case c == '-' || ('0' <= c && c <= '9'):
		return r.number()
	}
	for _, w := range []struct {
		word string
		kind jsonKind
	}{{"true", jsonBool}, {"false", jsonBool}, {"null", jsonNull}} {
		if r.hasPrefix(w.word) {
			r.pos += len(w.word)
			return jsonValue{kind: w.kind, off: start, text: w.word}, nil
		}
	}
	// CmdStan writes non-finite reals as the strings "NaN", "inf", "-inf";
	// some writers put bare NaN or Infinity, which JSON does not allow.
	for _, w := range []string{"NaN", "Infinity", "-Infinity", "inf", "-inf"} {
		if r.hasPrefix(w) {
			return jsonValue{}, r.errorf("%s is not valid JSON, and data must be finite anyway", w)
		}
	}
	return jsonValue{}, r.errorf("expected a value, found %s", r.found())
}

func (r *jsonReader) hasPrefix(w string) bool {
	return len(r.src)-r.pos >= len(w) && string(r.src[r.pos:r.pos+len(w)]) == w
}

func (r *jsonReader) object(depth int) (jsonValue, *jsonSyntaxError) {
	v := jsonValue{kind: jsonObject, off: r.pos, names: &jsonNames{}}
	open := r.pos
	r.pos++ // {
	r.space()
	if r.pos < len(r.src) && r.src[r.pos] == '}' {
		r.pos++
		return v, nil
	}
	for {
		r.space()
		if r.pos >= len(r.src) {
			return v, &jsonSyntaxError{open, "unexpected end of file: this object is not closed"}
		}
		if r.src[r.pos] != '"' {
			return v, r.errorf("expected a member name in double quotes, found %s", r.found())
		}
		koff := r.pos
		k, err := r.str()
		if err != nil {
			return v, err
		}
		r.space()
		if r.pos >= len(r.src) || r.src[r.pos] != ':' {
			return v, r.errorf("expected ':' after the member name %q, found %s", k, r.found())
		}
		r.pos++
		r.space()
		e, err := r.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.names.keys = append(v.names.keys, k)
		v.names.kOffs = append(v.names.kOffs, koff)
		v.elems = append(v.elems, e)
		r.space()
		if r.pos >= len(r.src) {
			return v, &jsonSyntaxError{open, "unexpected end of file: this object is not closed"}
		}
		switch r.src[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return v, nil
		default:
			return v, r.errorf("expected ',' or '}' after an object member, found %s", r.found())
		}
	}
}

func (r *jsonReader) array(depth int) (jsonValue, *jsonSyntaxError) {
	v := jsonValue{kind: jsonArray, off: r.pos}
	open := r.pos
	r.pos++ // [
	r.space()
	if r.pos < len(r.src) && r.src[r.pos] == ']' {
		r.pos++
		return v, nil
	}
	base := len(r.stack)
	defer func() { r.stack = r.stack[:base] }()
	for {
		r.space()
		e, err := r.value(depth + 1)
		if err != nil {
			return v, err
		}
		r.stack = append(r.stack, e)
		r.space()
		if r.pos >= len(r.src) {
			return v, &jsonSyntaxError{open, "unexpected end of file: this array is not closed"}
		}
		switch r.src[r.pos] {
		case ',':
			r.pos++
		case ']':
			r.pos++
			v.elems = append([]jsonValue(nil), r.stack[base:]...)
			return v, nil
		default:
			return v, r.errorf("expected ',' or ']' after an array element, found %s", r.found())
		}
	}
}

// str reads a string; encoding/json decodes its escapes.
func (r *jsonReader) str() (string, *jsonSyntaxError) {
	start := r.pos
	r.pos++ // "
	for r.pos < len(r.src) {
		switch c := r.src[r.pos]; {
		case c == '"':
			r.pos++
			var s string
			if err := json.Unmarshal(r.src[start:r.pos], &s); err != nil {
				return "", &jsonSyntaxError{start, "invalid string: " + err.Error()}
			}
			return s, nil
		case c == '\\':
			r.pos += 2
		case c < 0x20:
			return "", r.errorf("a control character in a string must be escaped")
		default:
			r.pos++
		}
	}
	return "", &jsonSyntaxError{start, "unexpected end of file: this string is not closed"}
}

// number reads a number following the JSON grammar:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (r *jsonReader) number() (jsonValue, *jsonSyntaxError) {
	start := r.pos
	digits := func() int {
		n := 0
		for r.pos < len(r.src) && '0' <= r.src[r.pos] && r.src[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	bad := func() (jsonValue, *jsonSyntaxError) {
		end := r.pos
		for end < len(r.src) && end-start < 40 && !isJSONDelim(r.src[end]) {
			end++
		}
		return jsonValue{}, &jsonSyntaxError{start, fmt.Sprintf("invalid number %q", r.src[start:end])}
	}
	if r.src[r.pos] == '-' {
		r.pos++
	}
	if r.pos < len(r.src) && r.src[r.pos] == '0' {
		r.pos++
	} else if digits() == 0 {
		if r.hasPrefix("Infinity") || r.hasPrefix("inf") {
			r.pos = start
			return jsonValue{}, r.errorf("-Infinity is not valid JSON, and data must be finite anyway")
		}
		return bad()
	}
	if r.pos < len(r.src) && r.src[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return bad()
		}
	}
	if r.pos < len(r.src) && (r.src[r.pos] == 'e' || r.src[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.src) && (r.src[r.pos] == '+' || r.src[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return bad()
		}
	}
	if r.pos < len(r.src) && !isJSONDelim(r.src[r.pos]) {
		return bad()
	}
	return jsonValue{kind: jsonNumber, off: start, text: r.text[start:r.pos]}, nil
}

// isJSONDelim reports whether c may follow a number.
func isJSONDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', ']', '}':
		return true
	}
	return false
}

// lineCol turns a byte offset into a 1-based line and a 1-based column counted
// in runes, the unit ErrorList.Format uses for its caret.
func lineCol(src []byte, off int) Pos {
	off = min(max(off, 0), len(src))
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return Pos{Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}
