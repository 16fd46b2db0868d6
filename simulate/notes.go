package simulate

import (
	"fmt"

	"github.com/bayes-dev/bayes/lang"
)

// PriorNotes says what PriorPredictive leaves out of p, one positioned
// line each, so that draws that ignore part of the model do not pass for
// draws of all of it: each `target +=` that is not a density of one
// variable (NAME_lpdf(x | ...), which counts as x ~ NAME(...)), since
// ancestral sampling draws from ~ statements and cannot draw from an
// arbitrary term of the log density; and the generated quantities block,
// which it does not run.
func PriorNotes(p *lang.Program) []string {
	var notes []string
	at := func(n lang.Node) string {
		pos := n.Position()
		return fmt.Sprintf("%s:%d:%d", p.File, pos.Line, pos.Col)
	}
	if p.Model != nil {
		lang.Inspect(p.Model, func(n lang.Node) bool {
			if s, ok := n.(*lang.TargetStmt); ok && densityCall(s.Value) == nil {
				notes = append(notes, fmt.Sprintf("%s: target += %s is left out: prior-predictive draws from the ~ statements (and target += NAME_lpdf(x | ...)), not from other terms of the log density",
					at(s), lang.ExprString(s.Value)))
			}
			if note := userPriorNote(n); note != "" {
				notes = append(notes, at(n)+": "+note)
			}
			return true
		})
	}
	if p.GeneratedQuantities != nil && len(p.GeneratedQuantities.Stmts) > 0 {
		notes = append(notes, fmt.Sprintf("%s: generated quantities are not drawn: prior-predictive draws the parameters, transformed parameters and the data on the left of ~ (bayes sample computes generated quantities)",
			at(p.GeneratedQuantities.Stmts[0])))
	}
	return notes
}
