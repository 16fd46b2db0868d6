package grammar

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
)

// MaxNesting bounds how deeply a program may nest. The grammar library
// parses by recursive descent, a dozen Go frames for each parenthesis, and
// Go ends a program whose stack passes 1 GB with a fatal error no recover
// catches: 50,000 nested parentheses did. The passes after parsing recurse
// on the tree as well. Python's parser stops at 200 nested parentheses;
// real Stan programs stay far below either.
const MaxNesting = 256

// TooDeep finds the first token at which the program nests deeper than
// MaxNesting, and returns a message saying so. Every construct the parser
// recurses into counts as a level: an open bracket ( [ {, and, until the
// statement ends, each prefix operator (- ! +), right-associative ^ and .^,
// conditional ?, and if, for and while, whose bodies nest without braces
// (an else if chain counts each if once).
func TooDeep(toks []lexer.Token) (string, lexer.Position) {
	// pending[i] counts the nesting operators of the statement being read
	// inside the i-th enclosing bracket.
	opToken := Lexer.Symbols()["Op"]
	pending := []int{0}
	depth := 0 // brackets plus the sum of pending
	prevOperand := false
	for _, t := range toks {
		operand := false
		switch v := t.Value; v {
		case "(", "[", "{":
			pending = append(pending, 0)
			depth++
		case ")", "]", "}":
			if len(pending) > 1 {
				depth -= 1 + pending[len(pending)-1]
				pending = pending[:len(pending)-1]
			}
			operand = v != "}"
		case ";":
			depth -= pending[len(pending)-1]
			pending[len(pending)-1] = 0
		case "?", "^", ".^", "if", "for", "while":
			pending[len(pending)-1]++
			depth++
		case "-", "+", "!":
			if !prevOperand {
				pending[len(pending)-1]++
				depth++
			}
		case "'":
			operand = true
		default:
			operand = t.Type != opToken
		}
		prevOperand = operand
		if depth > MaxNesting {
			return fmt.Sprintf("the program nests deeper than %d levels here (brackets, prefix operators, ^, ?:, "+
				"if/for/while): split the expression into smaller ones or statements", MaxNesting), t.Pos
		}
	}
	return "", lexer.Position{}
}
