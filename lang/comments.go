package lang

import (
	"sort"

	"github.com/bayes-dev/bayes/lang/internal/grammar"
)

// Comments: the parser's grammar drops them; attachComments puts each back
// into the tree, before a statement or at the end of a line, so that the
// printer can write them where they were.

// attachComments gives each comment a place in the tree, so that the
// printer can put it back. A comment on a line of its own goes to the
// statement, program block or closing brace that follows it; a comment
// after code on its line stays at the end of that line: it goes to the
// last place that starts before it (the statement, a loop's or an if's
// header, which hands it to its braced body, a program block's first line
// or a closing brace).
func attachComments(p *Program, src []byte, closes map[*Block]Pos) {
	comments := grammar.Comments(p.File, src)
	if len(comments) == 0 {
		return
	}
	// Anchors: places a comment can attach to, in source order; dest takes
	// the comments before the place, trail those after code on its line.
	type anchor struct {
		pos   Pos
		dest  *[]string
		trail *string
	}
	var anchors []anchor
	var walkBlock func(b *Block)
	var walkStmt func(s Stmt)
	walkStmt = func(s Stmt) {
		if s == nil {
			return
		}
		anchors = append(anchors, anchor{s.Position(), &s.notes().Comments, headerNote(s)})
		switch x := s.(type) {
		case *BlockStmt:
			walkBlock(x.Body)
		case *FuncDef:
			if x.Body != nil {
				walkBlock(x.Body)
			}
		case *ForStmt:
			walkStmt(x.Body)
		case *ForEachStmt:
			walkStmt(x.Body)
		case *WhileStmt:
			walkStmt(x.Body)
		case *IfStmt:
			walkStmt(x.Then)
			walkStmt(x.Else)
		}
	}
	walkBlock = func(b *Block) {
		for _, s := range b.Stmts {
			walkStmt(s)
		}
		if cp, ok := closes[b]; ok {
			anchors = append(anchors, anchor{cp, &b.TrailingNotes, &b.CloseNote})
		}
	}
	for _, b := range p.Blocks() {
		if b == nil {
			continue
		}
		anchors = append(anchors, anchor{b.Pos, &b.Comments, &b.OpenNote})
		walkBlock(b)
	}
	sort.SliceStable(anchors, func(i, j int) bool { return before(anchors[i].pos, anchors[j].pos) })

	first := true
	for _, cm := range comments {
		// The first anchor after the comment.
		k := sort.Search(len(anchors), func(i int) bool { return before(pos(cm.Pos), anchors[i].pos) })
		if cm.Trailing && k > 0 {
			t := anchors[k-1].trail
			*t = JoinNotes(*t, cm.Text)
			first = false
			continue
		}
		if k == len(anchors) {
			// After everything: it stays after the last block.
			p.TrailingComments = append(p.TrailingComments, cm.Text)
			continue
		}
		if first && k == 0 {
			p.Comments = append(p.Comments, cm.Text)
			continue
		}
		first = false
		*anchors[k].dest = append(*anchors[k].dest, cm.Text)
	}
}

// headerNote is where a comment at the end of the first line of s goes: its
// Trailing, or for a loop or an if with a braced body the body's, since the
// printer writes the brace on the header's line.
func headerNote(s Stmt) *string {
	var body Stmt
	switch x := s.(type) {
	case *ForStmt:
		body = x.Body
	case *ForEachStmt:
		body = x.Body
	case *WhileStmt:
		body = x.Body
	case *IfStmt:
		body = x.Then
	}
	if b, ok := body.(*BlockStmt); ok {
		return &b.Trailing
	}
	return &s.notes().Trailing
}

// JoinNotes puts comment c after the comments a already at the end of a line.
func JoinNotes(a, c string) string {
	if a == "" {
		return c
	}
	return a + " " + c
}

func before(a, b Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}
