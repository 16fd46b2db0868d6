package lang

import (
	"fmt"
	"sort"
	"strings"
)

// scope is one level of name visibility: the program (data through generated
// quantities), the model block, a braced block or a loop body.
type scope struct {
	parent *scope
	vars   map[string]*VarDecl
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, vars: map[string]*VarDecl{}}
}

// lookup finds name in s or an enclosing scope.
func (s *scope) lookup(name string) *VarDecl {
	for ; s != nil; s = s.parent {
		if d := s.vars[name]; d != nil {
			return d
		}
	}
	return nil
}

// names returns every name visible from s, sorted, for suggestions.
func (s *scope) names() []string {
	var out []string
	for ; s != nil; s = s.parent {
		for n := range s.vars {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Nearest returns the candidate closest to name by edit distance, or "" when
// none is close enough to be a likely misspelling: at most 1 edit per 4
// characters (plus one), and fewer edits than name has characters.
// Ties go to the first candidate, so callers pass a sorted list.
func Nearest(name string, candidates []string) string {
	best, bestD := "", 0
	limit := 1 + len(name)/4
	if limit > 3 {
		limit = 3
	}
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(name, c)
		if d > limit || d >= len(name) {
			continue
		}
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance (Levenshtein with
// transpositions of adjacent characters counting as one edit), so that
// "nromal" is one edit from "normal".
func editDistance(a, b string) int {
	n, m := len(a), len(b)
	d := make([][]int, n+1)
	for i := range d {
		d[i] = make([]int, m+1)
		d[i][0] = i
	}
	for j := 0; j <= m; j++ {
		d[0][j] = j
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[n][m]
}

// reserved are the words Stan reserves, which cannot name a variable (Stan
// Reference Manual, "Variables", "Reserved names": reserved words of the
// language, type names, built-in statements and block identifiers), with
// the tuple and complex types of stanc3 2.33.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		for in while repeat until if then else true false target
		struct typedef export auto extern var static lower upper offset multiplier
		void return break continue profile print reject fatal_error
		int real complex vector simplex unit_vector sum_to_zero_vector sum_to_zero_matrix
		ordered positive_ordered row_vector matrix cholesky_factor_corr cholesky_factor_cov
		corr_matrix cov_matrix column_stochastic_matrix row_stochastic_matrix array tuple
		complex_vector complex_row_vector complex_matrix
		functions model data parameters quantities transformed generated`) {
		reserved[w] = true
	}
}

// reservedName says why Stan refuses name for a variable, or "" when it may
// name one.
func reservedName(name string) string {
	switch {
	case reserved[name]:
		return fmt.Sprintf("%q is a reserved word in Stan and cannot name a variable; rename it (for example %s_)", name, name)
	case strings.HasSuffix(name, "__"):
		return fmt.Sprintf("%q ends in __, which Stan reserves for its own names; rename it (for example %s)", name, strings.TrimRight(name, "_"))
	}
	return ""
}
