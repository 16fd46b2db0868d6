package compiler

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
)

// The log density is a sum of terms: one per `~` and `target +=` (one per
// iteration of an unrolled loop), one per if on parameters (a select of
// its branches' sums), a log Jacobian per constrained parameter, and the
// bound checks of the transformed parameters. When it is not finite where
// the sampler starts, saying which term made it so points at the line to
// fix, which the sum alone cannot. This file records each term with the
// statement that adds it, during lowering, and evaluates them on demand.

// term is one summand of the log density: its value and where it comes
// from (a statement, or the declaration of a parameter or transformed
// parameter), with the values of the unrolled loop variables then.
type term struct {
	value ir.Value
	at    lang.Node
	loops string // "j = 3" in an unrolled loop, else ""
}

// termList is a model's terms, in the order they are summed, with the
// program that evaluates them, made on first use: only a failure needs it,
// and for a large model it costs a tenth of the compilation's memory.
type termList struct {
	file  string
	terms []term
	g     *ir.Graph

	once sync.Once
	out  *kernel.OutProgram
}

func (tl *termList) program() *kernel.OutProgram {
	tl.once.Do(func() {
		values := make([]ir.Value, len(tl.terms))
		for i, t := range tl.terms {
			values[i] = t.value
		}
		tl.out = kernel.NewOutProgram(tl.g, values)
	})
	return tl.out
}

// noteTerm records, once, where the term v comes from: the statement or
// declaration being lowered.
func (l *lowerer) noteTerm(v ir.Value) {
	if l.termAt == nil {
		l.termAt = map[ir.Value]term{}
	}
	if _, ok := l.termAt[v]; ok {
		return
	}
	l.termAt[v] = term{value: v, at: l.at, loops: l.loopValues()}
}

// loopValues are the values of the loop variables of the unrolled loops
// around the statement being lowered, outermost first: "i = 2, j = 3".
func (l *lowerer) loopValues() string {
	if len(l.loops) == 0 || l.lanes > 0 {
		return ""
	}
	keys := make([]loopKey, 0, len(l.loops))
	for k, v := range l.loops {
		if v.known != nil && v.lanes == 0 && len(v.known) == 1 && v.isInt {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b loopKey) int {
		return cmp.Or(cmp.Compare(a.pos.Line, b.pos.Line), cmp.Compare(a.pos.Col, b.pos.Col))
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s = %d", k.name, int(l.loops[k].known[0]))
	}
	return strings.Join(parts, ", ")
}

// termList lists the terms of the finished lowering in the order they are
// summed.
func (l *lowerer) termList() *termList {
	tl := &termList{file: l.prog.File, terms: make([]term, len(l.target)), g: l.b.G}
	for i, v := range l.target {
		t, ok := l.termAt[v]
		if !ok {
			t = term{value: v}
		}
		tl.terms[i] = t
	}
	return tl
}

// NonFiniteTerm says which term of the log density is first not finite
// at the unconstrained q, and where it stands in the model:
//
//	`y ~ normal(mu, sigma)` at model.bym:9:3 is NaN
//	`target += log(x)` at model.bym:7:3 is -Inf (with i = 2)
//	the transformed parameter s is below its declared lower bound: s[2] is -0.31, but must be greater than or equal to 0
//
// It is "" when every term is finite (a sum of terms of opposite infinite
// signs is NaN from finite-looking parts only when a term overflows). It
// runs only after a failure, so it allocates.
func (k *ModelKernel) NonFiniteTerm(q []float64) string {
	tl := k.m.terms
	if tl == nil || len(q) != k.m.dim {
		return ""
	}
	st := tl.program().NewState()
	st.Run(q)
	for _, t := range tl.terms {
		for _, x := range st.Slots[t.value] {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				continue
			}
			if d, ok := t.at.(*lang.VarDecl); ok && d.Block == lang.BlockTransformedParameters {
				if reason, example := k.Rejection(q); reason != "" {
					return reason + ": " + example
				}
			}
			s := describeTerm(t, tl.file) + " is " + strconv.FormatFloat(x, 'g', -1, 64)
			if t.loops != "" {
				s += " (with " + t.loops + ")"
			}
			return s
		}
	}
	return ""
}

// describeTerm names a term's source: the statement, quoted, and its place.
func describeTerm(t term, file string) string {
	if t.at == nil {
		return "a term of the log density"
	}
	p := t.at.Position()
	where := fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
	switch s := t.at.(type) {
	case *lang.TildeStmt:
		args := make([]string, len(s.Args))
		for i, a := range s.Args {
			args[i] = lang.ExprString(a)
		}
		return fmt.Sprintf("`%s ~ %s(%s)` at %s", lang.ExprString(s.LHS), s.Dist, strings.Join(args, ", "), where)
	case *lang.TargetStmt:
		kw := "target"
		if s.Jacobian {
			kw = "jacobian"
		}
		return fmt.Sprintf("`%s += %s` at %s", kw, lang.ExprString(s.Value), where)
	case *lang.IfStmt:
		return fmt.Sprintf("what `if (%s)` at %s adds", lang.ExprString(s.Cond), where)
	case *lang.VarDecl:
		if s.Block == lang.BlockParameters {
			return fmt.Sprintf("the log Jacobian of %s's constraint (declared at %s)", s.Name, where)
		}
		return fmt.Sprintf("the check of %s's declared bounds (at %s)", s.Name, where)
	}
	return "the term at " + where
}
