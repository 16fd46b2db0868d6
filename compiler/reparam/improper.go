package reparam

import "github.com/bayes-dev/bayes/lang"

// ImproperParameters names the parameters whose posterior is improper
// because nothing in the model involves them: no ~ statement, no target
// increment, no transformed parameter that the model block uses depends on
// them, and their support is unbounded, so the flat density the sampler
// sees has infinite mass. NUTS then wanders off and hits the tree depth
// limit, and the warnings would blame the tree depth. A parameter bounded
// on both sides, or of a compact constrained type (simplex, unit_vector,
// cholesky_factor_corr, corr_matrix), has a proper uniform posterior and is
// not named. The program must have been checked (identifiers resolved).
//
// The dependence is traced conservatively, so that no parameter is named
// wrongly: every variable the model block mentions counts as used, and a
// statement of the transformed parameters block that assigns a used
// variable makes every variable it mentions used.
func ImproperParameters(p *lang.Program) []string {
	used := map[*lang.VarDecl]bool{}
	mark := func(n lang.Node) {
		lang.Inspect(n, func(n lang.Node) bool {
			if id, ok := n.(*lang.Ident); ok && id.Decl != nil {
				used[id.Decl] = true
			}
			return true
		})
	}
	if p.Model != nil {
		mark(p.Model)
	}
	// Parameters' declared bounds may name other parameters: a used
	// parameter's transform involves them.
	var deps []lang.Node
	for _, b := range []*lang.Block{p.Parameters, p.TransformedParameters} {
		if b != nil {
			for _, s := range b.Stmts {
				deps = append(deps, s)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range deps {
			if !assignsUsed(s, used) {
				continue
			}
			before := len(used)
			mark(s)
			changed = changed || len(used) > before
		}
	}
	var out []string
	if p.Parameters == nil {
		return out
	}
	for _, s := range p.Parameters.Stmts {
		if d, ok := s.(*lang.VarDecl); ok && !used[d] && !compactSupport(d.Type) {
			out = append(out, d.Name)
		}
	}
	return out
}

// assignsUsed reports whether statement s declares or assigns a variable
// marked used.
func assignsUsed(s lang.Node, used map[*lang.VarDecl]bool) bool {
	found := false
	lang.Inspect(s, func(n lang.Node) bool {
		switch x := n.(type) {
		case *lang.VarDecl:
			found = found || used[x]
		case *lang.AssignStmt:
			found = found || used[assignedDecl(x.LHS)]
		}
		return !found
	})
	return found
}

// assignedDecl is the variable an assignment's left side writes.
func assignedDecl(lhs lang.Expr) *lang.VarDecl {
	for {
		switch x := lhs.(type) {
		case *lang.Ident:
			return x.Decl
		case *lang.IndexExpr:
			lhs = x.X
		default:
			return nil
		}
	}
}

// compactSupport reports whether a declared type's support has finite
// volume, so that a flat density on it is proper.
func compactSupport(t *lang.TypeSpec) bool {
	switch t.Kind {
	case lang.DeclSimplex, lang.DeclUnitVector, lang.DeclCholeskyFactorCorr, lang.DeclCorrMatrix,
		lang.DeclRowStochasticMatrix, lang.DeclColumnStochasticMatrix:
		return true
	case lang.DeclReal, lang.DeclVector, lang.DeclRowVector, lang.DeclMatrix:
		return t.Lower != nil && t.Upper != nil
	}
	return false
}
