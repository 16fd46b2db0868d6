package grammar

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// The token streams besides the grammar's: the tokens of code, which the
// parser reads to word its syntax errors and bound the nesting, and the
// comments, which it attaches to the tree.

// Tokens lexes src without whitespace and comments; nil when it does not lex.
func Tokens(file string, src []byte) []lexer.Token {
	lx, err := Lexer.LexString(file, string(src))
	if err != nil {
		return nil
	}
	skip := map[lexer.TokenType]bool{Lexer.Symbols()["Comment"]: true, Lexer.Symbols()["Whitespace"]: true}
	var out []lexer.Token
	for {
		t, err := lx.Next()
		if err != nil || t.EOF() {
			return out
		}
		if !skip[t.Type] {
			out = append(out, t)
		}
	}
}

// Comment is one comment of the source, which the grammar drops and lang's
// parser attaches to the tree for the printer.
type Comment struct {
	Pos  lexer.Position
	Text string // without trailing blanks
	// Trailing marks a comment after code on its line (`real x; // note`).
	Trailing bool
}

// Comments returns the comments of src in order, each marked trailing when
// code comes before it on its line; nil when src does not lex.
func Comments(file string, src []byte) []Comment {
	lx, err := Lexer.LexString(file, string(src))
	if err != nil {
		return nil
	}
	symbols := Lexer.Symbols()
	commentType, spaceType := symbols["Comment"], symbols["Whitespace"]
	var out []Comment
	codeLine := 0 // the line of the last token of code
	for {
		tok, err := lx.Next()
		if err != nil || tok.EOF() {
			return out
		}
		switch tok.Type {
		case commentType:
			out = append(out, Comment{tok.Pos, strings.TrimRight(tok.Value, " \t\r"), codeLine == tok.Pos.Line})
		case spaceType:
		default:
			codeLine = tok.Pos.Line
		}
	}
}
