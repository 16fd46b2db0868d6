package plot

import (
	"fmt"
	"math"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
)

// Run is the input of every plot: the post-warmup draws of a sampling run
// and the sampler statistics the plots need, as plain slices.
type Run struct {
	// Names are the Stan names of the scalar quantities ("theta[1]").
	Names []string
	// Draws holds the draws of Names[v] as Draws[v][chain][iteration].
	// Every quantity has the same chains, every chain the same length.
	Draws [][][]float64
	// Divergent marks the divergent transitions, [chain][iteration];
	// nil when unknown (no divergences are drawn).
	Divergent [][]bool
	// Energy holds the Hamiltonian at each draw (Stan's energy__),
	// [chain][iteration]; nil when unknown (no energy plot).
	Energy [][]float64
}

// check reports the first inconsistency in the shape of r, naming the
// quantity and chain. It does not look at the values: only the quantities
// a plot uses must be finite (series does that).
func (r *Run) check() error {
	if r == nil || len(r.Names) == 0 {
		return fmt.Errorf("no quantities to plot")
	}
	if len(r.Names) != len(r.Draws) {
		return fmt.Errorf("%d names but draws for %d quantities; Names and Draws must have the same length",
			len(r.Names), len(r.Draws))
	}
	chains := len(r.Draws[0])
	if chains == 0 {
		return fmt.Errorf("%s: no chains", r.Names[0])
	}
	iters := len(r.Draws[0][0])
	if iters == 0 {
		return fmt.Errorf("%s: chain 1 has no draws", r.Names[0])
	}
	seen := make(map[string]bool, len(r.Names))
	for v, name := range r.Names {
		if name == "" {
			return fmt.Errorf("quantity %d has an empty name", v+1)
		}
		if seen[name] {
			return fmt.Errorf("%s: name given twice", name)
		}
		seen[name] = true
		if len(r.Draws[v]) != chains {
			return fmt.Errorf("%s: %d chains, but %s has %d", name, len(r.Draws[v]), r.Names[0], chains)
		}
		for c, d := range r.Draws[v] {
			if len(d) != iters {
				return fmt.Errorf("%s: chain %d has %d draws, but chain 1 of %s has %d; chains must have the same length",
					name, c+1, len(d), r.Names[0], iters)
			}
		}
	}
	if r.Divergent != nil {
		if len(r.Divergent) != chains {
			return fmt.Errorf("divergent: %d chains, but the draws have %d", len(r.Divergent), chains)
		}
		for c, d := range r.Divergent {
			if len(d) != iters {
				return fmt.Errorf("divergent: chain %d has %d values, but the draws have %d per chain", c+1, len(d), iters)
			}
		}
	}
	if r.Energy != nil {
		if len(r.Energy) != chains {
			return fmt.Errorf("energy: %d chains, but the draws have %d", len(r.Energy), chains)
		}
		for c, e := range r.Energy {
			if len(e) != iters {
				return fmt.Errorf("energy: chain %d has %d values, but the draws have %d per chain", c+1, len(e), iters)
			}
		}
	}
	return nil
}

func (r *Run) chains() int     { return len(r.Draws[0]) }
func (r *Run) iterations() int { return len(r.Draws[0][0]) }

// RunFromStanCSV builds a Run from Stan CSV files, one per chain, as
// diagnostics.Columns merges them; divergent__ and energy__ are taken when
// every file has them. names[i] names chains[i] in errors (a path).
func RunFromStanCSV(names []string, chains []*runfiles.StanCSV) (*Run, error) {
	cols, err := diagnostics.Columns(names, chains)
	if err != nil {
		return nil, err
	}
	r := &Run{}
	for _, c := range cols {
		r.Names = append(r.Names, c.Name)
		r.Draws = append(r.Draws, c.Draws)
	}
	div := make([][]bool, len(chains))
	energy := make([][]float64, len(chains))
	for k, c := range chains {
		if d, ok := c.Column("divergent__"); ok && div != nil {
			div[k] = make([]bool, len(d))
			for i, x := range d {
				div[k][i] = x != 0
			}
		} else {
			div = nil
		}
		if e, ok := c.Column("energy__"); ok && energy != nil {
			energy[k] = e
		} else {
			energy = nil
		}
	}
	r.Divergent, r.Energy = div, energy
	return r, nil
}

// series is one plotted quantity: a quantity of the run, or its log.
type series struct {
	label string
	draws [][]float64 // [chain][iteration]; a fresh copy when transformed
	index int         // the quantity's index in Run.Names
}

// selectSeries resolves specs to series, in order. An empty specs selects
// every quantity. A spec is a Stan name ("theta[1]"), a base name standing
// for all its elements ("theta" for theta[1], theta[2], ...), or log(S) of
// either. Every selected draw must be finite, and positive under log.
func (r *Run) selectSeries(specs []string) ([]series, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	if len(specs) == 0 {
		specs = r.Names
	}
	var out []series
	for _, spec := range specs {
		name, isLog := parseSpec(spec)
		idx := r.lookup(name)
		if len(idx) == 0 {
			return nil, r.unknown(spec, name)
		}
		for _, v := range idx {
			s := series{label: r.Names[v], draws: r.Draws[v], index: v}
			if isLog {
				s.label = "log(" + r.Names[v] + ")"
			}
			if err := s.finite(); err != nil {
				return nil, err
			}
			if isLog {
				if err := s.takeLog(); err != nil {
					return nil, err
				}
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// parseSpec splits "log(NAME)" into NAME and true; any other spec is a name.
func parseSpec(spec string) (name string, isLog bool) {
	s := strings.TrimSpace(spec)
	if strings.HasPrefix(s, "log(") && strings.HasSuffix(s, ")") {
		return strings.TrimSpace(s[len("log(") : len(s)-1]), true
	}
	return s, false
}

// lookup returns the indices of the quantity called name, or of all the
// elements name[...] of a container.
func (r *Run) lookup(name string) []int {
	var idx []int
	for v, n := range r.Names {
		if n == name {
			return []int{v}
		}
		if strings.HasPrefix(n, name+"[") {
			idx = append(idx, v)
		}
	}
	return idx
}

// unknown is the error for a spec that names no quantity: it lists the
// nearest name, as Stan's "Did you mean" does.
func (r *Run) unknown(spec, name string) error {
	best, bestD := "", math.MaxInt
	for _, n := range r.Names {
		if d := editDistance(name, n); d < bestD {
			best, bestD = n, d
		}
	}
	msg := fmt.Sprintf("unknown quantity %q in %q", name, spec)
	if bestD <= max(2, len(name)/3) {
		msg += fmt.Sprintf("; did you mean %q?", best)
	} else {
		msg += fmt.Sprintf("; the run has %s", nameList(r.Names, 8))
	}
	return fmt.Errorf("%s", msg)
}

// nameList joins up to n names, then says how many more there are.
func nameList(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// finite reports the first non-finite draw of s.
func (s *series) finite() error {
	for c, d := range s.draws {
		for i, x := range d {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("%s: draw %d of chain %d is %v; only finite draws can be plotted", s.label, i+1, c+1, x)
			}
		}
	}
	return nil
}

// takeLog replaces the draws of s by a copy of their logs.
func (s *series) takeLog() error {
	out := make([][]float64, len(s.draws))
	for c, d := range s.draws {
		out[c] = make([]float64, len(d))
		for i, x := range d {
			if x <= 0 {
				return fmt.Errorf("%s: draw %d of chain %d is %g; log needs positive draws", s.label, i+1, c+1, x)
			}
			out[c][i] = math.Log(x)
		}
	}
	s.draws = out
	return nil
}

// panelTitle is the label of s, with "(constant V)" when every draw is V:
// a density, rank histogram or autocorrelation of one value shows little.
func (s *series) panelTitle() string {
	v := s.draws[0][0]
	for _, d := range s.draws {
		for _, x := range d {
			if x != v {
				return s.label
			}
		}
	}
	return fmt.Sprintf("%s (constant %g)", s.label, v)
}

// pooled returns the draws of all chains in one slice, chain after chain.
func pooled(draws [][]float64) []float64 {
	var out []float64
	for _, d := range draws {
		out = append(out, d...)
	}
	return out
}
