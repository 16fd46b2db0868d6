package grammar

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// Stan's complex numbers (2.30) and tuples (2.33) are not in bayes's
// language yet. Rather than the grammar's "unexpected token" at a place
// that means little, the parser looks for them in the tokens first and says
// so where the first one stands.

const (
	noComplex = "bayes does not support complex numbers yet"
	noTuples  = "bayes does not support tuples yet"
)

// complexWords are Stan's complex types and the functions that make or
// take apart a complex number; Stan reserves the type names, which as
// names get the reserved word's message.
var complexWords = map[string]string{
	"complex": "the type complex", "complex_vector": "the type complex_vector",
	"complex_row_vector": "the type complex_row_vector", "complex_matrix": "the type complex_matrix",
	"to_complex": "to_complex", "get_real": "get_real", "get_imag": "get_imag",
}

// Unsupported returns the message for the first complex or tuple construct
// among toks, and its place, or "": a complex type's name, a call of
// to_complex, get_real or get_imag, an imaginary literal (2i, 1.5i: a
// number followed at once by i), `tuple(` and a tuple's element x.1 (a
// name, ] or ) followed at once by a number starting with a dot, which
// lexes as the real .1).
func Unsupported(toks []lexer.Token) (string, lexer.Position) {
	symbols := Lexer.Symbols()
	ident, real, integer := symbols["Ident"], symbols["Real"], symbols["Int"]
	for i, t := range toks {
		var next *lexer.Token
		adjacent := false
		if i+1 < len(toks) {
			next = &toks[i+1]
			adjacent = t.Pos.Offset+len(t.Value) == next.Pos.Offset
		}
		switch {
		case t.Type == ident && complexWords[t.Value] != "":
			what := complexWords[t.Value]
			if strings.HasPrefix(what, "the type") {
				// as a type: `complex z`, `complex_vector[N] y`; as a
				// name (`real complex;`) the reserved word's message stands
				if next == nil || next.Value != "[" && (next.Type != ident || next.Value == "in") {
					continue
				}
			} else {
				if next == nil || next.Value != "(" {
					continue // a variable of that name
				}
				what = "the function " + what
			}
			return noComplex + " (" + what + ")", t.Pos
		case (t.Type == integer || t.Type == real) && adjacent && next.Type == ident && next.Value == "i":
			return noComplex + " (the imaginary literal " + t.Value + "i)", t.Pos
		case t.Type == ident && t.Value == "tuple" && next != nil && next.Value == "(":
			return noTuples + " (the type tuple(...))", t.Pos
		case (t.Type == ident || t.Value == "]" || t.Value == ")") && adjacent && next.Type == real && strings.HasPrefix(next.Value, "."):
			access := next.Value
			if t.Type == ident {
				access = t.Value + access
			}
			return noTuples + " (the element access " + access + ")", next.Pos
		}
	}
	return "", lexer.Position{}
}
