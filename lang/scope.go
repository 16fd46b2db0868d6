package lang

import "sort"

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

// nearest returns the candidate closest to name by edit distance, or "" when
// none is close enough to be a likely misspelling: at most 1 edit per 4
// characters (plus one), and fewer edits than name has characters.
// Ties go to the first candidate, so callers pass a sorted list.
func nearest(name string, candidates []string) string {
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
