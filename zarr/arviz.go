package zarr

import (
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// SamplerColumns are the sampler statistics at the start of every row given
// to Store.WriteDraw, in Stan CSV order (runfiles.SamplerColumns), and
// the names ArviZ gives them in sample_stats.
var SamplerColumns = []struct {
	Stan, ArviZ string
	t           dtype
}{
	{"lp__", "lp", float64Type},
	{"accept_stat__", "acceptance_rate", float64Type},
	{"stepsize__", "step_size", float64Type},
	{"treedepth__", "tree_depth", int64Type},
	{"n_leapfrog__", "n_steps", int64Type},
	{"divergent__", "diverging", boolType},
	{"energy__", "energy", float64Type},
}

// Spec describes a run's store.
type Spec struct {
	// Names are the output columns after the sampler statistics: the
	// parameters, transformed parameters and generated quantities, Stan
	// names ("theta[1]").
	Names []string
	// LogLik names the generated quantity that holds each observation's
	// log likelihood: it goes to the log_likelihood group instead of
	// posterior. Absent from Names, it is ignored.
	LogLik string
	// PosteriorPredictive names the generated quantities (replicated
	// data, "y_rep") that go to posterior_predictive instead of posterior.
	PosteriorPredictive []string
	// Chains and Draws are the planned shape; ChainOffset+c is chain c's
	// coordinate. WarmupDraws, when above zero, adds warmup_posterior and
	// warmup_sample_stats with that many draws a chain.
	Chains, Draws, ChainOffset, WarmupDraws int
	// MetricSize is the number of unconstrained parameters; Dense says the
	// inverse metric is a matrix (metric dense_e), not its diagonal.
	MetricSize int
	Dense      bool
	// Observed and Constant are the data file's variables: those on the
	// left of a ~ statement, and the others.
	Observed, Constant []DataVar
	// Attrs are written to every group's .zattrs, after ArviZ's own
	// (created_at, inference_library).
	Attrs map[string]any
}

// DataVar is one data variable: its shape and its values, row-major.
type DataVar struct {
	Name   string
	Shape  []int
	Values []float64
	Int    bool
}

// Store is a run's Zarr store while it is written. WriteDraw and
// WriteWarmupDraw may be called concurrently for different chains; each
// chain's draws come in order.
//
// The store is readable at every moment: every array's metadata, with the
// planned shape, and the consolidated .zmetadata are written by Create, and
// a chunk is written (through a rename, so never half) when all its cells
// have their draws; a chunk not yet written reads as NaN (tree_depth,
// n_steps and diverging as undefined: see dtype.fill). Close writes the
// chunks still partly filled and, when chains stopped early, cuts the draw
// dimension to the longest chain's draws; a shorter chain's later draws
// are NaN, -1 for tree_depth and n_steps, false for diverging.
type Store struct {
	root    string
	spec    Spec
	phases  []*phase // sampling, then warmup when saved
	mu      sync.Mutex
	docs    metaDoc
	adapted [][]float64 // per chain: the step size, then the inverse metric
	closed  bool
	// written, for a store Extend opened, is each phase's draws per
	// chain, which the new variables must have too; generated names
	// those variables (the root attribute bayes_generated).
	written   [][]int
	generated []string
}

// phase is the arrays of one part of the run, sampling or warmup.
type phase struct {
	post, stats string // the group names
	draws       int    // planned draws a chain
	cc, bd      int    // chunk extent in chains and draws
	arrays      []*array
	chunks      []chainChunk
	// Per chain, used by the chain's own goroutine: the draws written, the
	// cell of its current block, and its draws there not yet counted.
	written []int
	cur     []*cell
	pending []int
}

// array is one (chain, draw, ...) array of a phase.
type array struct {
	key   string // its path in the store: "posterior/theta"
	t     dtype
	cols  []int // the row columns of each element, C order (-1: fill)
	shape []int
	dims  []string
}

// chainChunk is the cells of one chunk row of chains, by draw block.
type chainChunk struct {
	mu    sync.Mutex
	cells map[int]*cell
}

// cell buffers one chunk of every array until its draws are all in.
type cell struct {
	bufs   [][]float64 // per array: chains x draws x elements
	filled int
}

// chunkValues is about the number of elements of a chunk of a scalar
// quantity: chunks of a few hundred kilobytes, so that ten thousand chains
// make tens of files an array, not ten thousand.
const chunkValues = 1 << 16

// maxBlockDraws is the most draws a chunk holds: a killed run (not Ctrl-C,
// which writes all) loses at most this many draws a chain.
const maxBlockDraws = 100

// Create writes the store's groups and metadata at dir, and the data groups
// in full. A store already at dir (one with a .zgroup) is removed first:
// its old chunks would read as this run's draws.
func Create(dir string, spec Spec) (*Store, error) {
	if _, err := os.Stat(filepath.Join(dir, ".zgroup")); err == nil {
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	vars, err := variables(spec.Names)
	if err != nil {
		return nil, err
	}
	s := &Store{root: dir, spec: spec, docs: metaDoc{}, adapted: make([][]float64, spec.Chains)}
	if err := writeJSON(dir, ".zgroup", map[string]int{"zarr_format": 2}, s.docs); err != nil {
		return nil, err
	}
	if err := writeJSON(dir, ".zattrs", s.rootAttrs(), s.docs); err != nil {
		return nil, err
	}
	s.phases = append(s.phases, newPhase("posterior", "sample_stats", spec.Draws, spec, vars))
	if spec.WarmupDraws > 0 {
		s.phases = append(s.phases, newPhase("warmup_posterior", "warmup_sample_stats", spec.WarmupDraws, spec, vars))
	}
	for _, p := range s.phases {
		if err := s.createPhase(p); err != nil {
			return nil, err
		}
	}
	if err := s.writeInvMetric(); err != nil {
		return nil, err
	}
	for _, g := range []struct {
		name string
		vars []DataVar
	}{{"observed_data", spec.Observed}, {"constant_data", spec.Constant}} {
		if len(g.vars) > 0 {
			if err := s.writeData(g.name, g.vars); err != nil {
				return nil, err
			}
		}
	}
	if err := writeConsolidated(dir, s.docs); err != nil {
		return nil, err
	}
	return s, nil
}

// newPhase lays out one phase's arrays: the sampler statistics, then each
// variable in posterior, log_likelihood (spec.LogLik) or
// posterior_predictive (spec.PosteriorPredictive); warmup_ before each for
// the warmup phase.
func newPhase(post, stats string, draws int, spec Spec, vars []*variable) *phase {
	bd := even(draws, maxBlockDraws)
	p := newLayout(post, draws, spec.Chains, even(spec.Chains, chunkValues/bd), bd)
	p.stats = stats
	for i, c := range SamplerColumns {
		p.arrays = append(p.arrays, &array{key: stats + "/" + c.ArviZ, t: c.t, cols: []int{i}})
	}
	p.addVariables(vars, spec, len(SamplerColumns))
	return p
}

// newLayout is a phase of chains chains of draws draws in chunks of cc
// chains by bd draws, with no arrays yet.
func newLayout(post string, draws, chains, cc, bd int) *phase {
	p := &phase{post: post, draws: draws, bd: bd, cc: cc, written: make([]int, chains),
		cur: make([]*cell, chains), pending: make([]int, chains)}
	p.chunks = make([]chainChunk, (chains+p.cc-1)/p.cc)
	for i := range p.chunks {
		p.chunks[i].cells = map[int]*cell{}
	}
	return p
}

// addVariables adds an array for each variable to p, in posterior,
// log_likelihood (spec.LogLik) or posterior_predictive
// (spec.PosteriorPredictive), warmup_ before each for the warmup phase;
// the variables' columns are those of the rows given to write after the
// first first.
func (p *phase) addVariables(vars []*variable, spec Spec, first int) {
	for _, v := range vars {
		group := p.post
		switch {
		case v.name == spec.LogLik:
			group = "log_likelihood"
		case slices.Contains(spec.PosteriorPredictive, v.name):
			group = "posterior_predictive"
		}
		if p.post != "posterior" && group != p.post {
			group = "warmup_" + group
		}
		cols := make([]int, len(v.cols))
		for i, c := range v.cols {
			cols[i] = c
			if c >= 0 {
				cols[i] = c + first
			}
		}
		p.arrays = append(p.arrays, &array{key: group + "/" + v.name, t: float64Type, cols: cols, shape: v.shape, dims: v.dims})
	}
}

// even is the chunk extent for n items in chunks of at most most: as
// many chunks as most allows, of sizes as equal as can be, so that the
// last chunk, stored whole like every other, is not mostly padding (10,000
// chains in chunks of 655 would store 10,480; in chunks of 625, 10,000).
func even(n, most int) int {
	most = max(1, most)
	if n <= most {
		return max(1, n)
	}
	chunks := (n + most - 1) / most
	return (n + chunks - 1) / chunks
}

// rootAttrs are the store's own attributes: the run's layout, so that
// ReadRun gives back each draw as the row the run wrote, in the same
// columns as the run's Stan CSV files.
func (s *Store) rootAttrs() map[string]any {
	pp := s.spec.PosteriorPredictive
	if pp == nil {
		pp = []string{}
	}
	a := map[string]any{"bayes_columns": s.spec.Names, "bayes_log_likelihood": s.spec.LogLik, "bayes_posterior_predictive": pp}
	if s.generated != nil {
		a["bayes_generated"] = s.generated
	}
	return a
}

// groupAttrs are the attributes of every group.
func (s *Store) groupAttrs() map[string]any {
	a := map[string]any{"created_at": time.Now().UTC().Format(time.RFC3339), "inference_library": "bayes"}
	for k, v := range s.spec.Attrs {
		a[k] = v
	}
	return a
}

// createGroup writes a group's .zgroup and .zattrs, once.
func (s *Store) createGroup(name string) error {
	if _, ok := s.docs[name+"/.zgroup"]; ok {
		return nil
	}
	if err := writeJSON(s.root, name+"/.zgroup", map[string]int{"zarr_format": 2}, s.docs); err != nil {
		return err
	}
	return writeJSON(s.root, name+"/.zattrs", s.groupAttrs(), s.docs)
}

// writeArray writes an array's metadata and, when values is not nil, its
// values as one chunk.
func (s *Store) writeArray(key string, t dtype, shape, chunks []int, dims []string, values []float64) error {
	if err := writeJSON(s.root, key+"/.zarray", newArrayMeta(t, shape, chunks), s.docs); err != nil {
		return err
	}
	if dims == nil {
		dims = []string{}
	}
	if err := writeJSON(s.root, key+"/.zattrs", map[string]any{"_ARRAY_DIMENSIONS": dims}, s.docs); err != nil {
		return err
	}
	if values == nil {
		return nil
	}
	idx := make([]int, len(shape))
	if len(shape) == 0 {
		idx = []int{0} // a 0-d array's one chunk is "0"
	}
	return writeFile(filepath.Join(s.root, filepath.FromSlash(key), chunkKey(idx)), encode(t, values))
}

// writeCoord writes group/dim, the coordinate 0..n-1 (from offset), once.
func (s *Store) writeCoord(group, dim string, n, offset int) error {
	key := group + "/" + dim
	if _, ok := s.docs[key+"/.zarray"]; ok {
		return nil
	}
	values := make([]float64, n)
	for i := range values {
		values[i] = float64(offset + i)
	}
	return s.writeArray(key, int64Type, []int{n}, []int{max(n, 1)}, []string{dim}, values)
}

// createPhase writes the metadata of a phase's arrays with their planned
// shape, and their coordinates.
func (s *Store) createPhase(p *phase) error {
	for _, a := range p.arrays {
		group := path.Dir(a.key)
		if err := s.createGroup(group); err != nil {
			return err
		}
		if err := s.writeCoord(group, "chain", s.spec.Chains, s.spec.ChainOffset); err != nil {
			return err
		}
		if err := s.writeCoord(group, "draw", p.draws, 0); err != nil {
			return err
		}
		for i, d := range a.dims {
			if err := s.writeCoord(group, d, a.shape[i], 0); err != nil {
				return err
			}
		}
		if err := s.writeArray(a.key, a.t, p.arrayShape(a, p.draws), p.chunkShape(a), append([]string{"chain", "draw"}, a.dims...), nil); err != nil {
			return err
		}
	}
	return nil
}

// arrayShape is a's shape with draws draws.
func (p *phase) arrayShape(a *array, draws int) []int {
	return append([]int{len(p.written), draws}, a.shape...)
}

// chunkShape is the shape of a's chunks: p.cc chains by p.bd draws. (Not
// arrayShape(a, p.bd): a phase with as many draws as a chunk holds may
// still have its chains in several chunks.)
func (p *phase) chunkShape(a *array) []int {
	return append([]int{p.cc, p.bd}, a.shape...)
}

// writeData writes a data group: each variable whole, with its named
// dimensions.
func (s *Store) writeData(group string, vars []DataVar) error {
	if err := s.createGroup(group); err != nil {
		return err
	}
	for _, v := range vars {
		t := float64Type
		if v.Int {
			t = int64Type
		}
		var dims []string
		for i, n := range v.Shape {
			d := fmt.Sprintf("%s_dim_%d", v.Name, i)
			dims = append(dims, d)
			if err := s.writeCoord(group, d, n, 0); err != nil {
				return err
			}
		}
		chunks := make([]int, len(v.Shape))
		for i, n := range v.Shape {
			chunks[i] = max(n, 1)
		}
		if err := s.writeArray(group+"/"+v.Name, t, v.Shape, chunks, dims, v.Values); err != nil {
			return err
		}
	}
	return nil
}

// WriteDraw records chain's sampling draw number draw (0-based among the
// kept draws): row is the sampler statistics (SamplerColumns), then the
// values of Spec.Names.
func (s *Store) WriteDraw(chain, draw int, row []float64) error {
	return s.phases[0].write(s.root, chain, draw, row)
}

// WriteWarmupDraw records a saved warmup draw, as WriteDraw; the store must
// have been created with Spec.WarmupDraws.
func (s *Store) WriteWarmupDraw(chain, draw int, row []float64) error {
	if len(s.phases) < 2 {
		return fmt.Errorf("zarr: warmup draw without Spec.WarmupDraws")
	}
	return s.phases[1].write(s.root, chain, draw, row)
}

// write puts a draw in its chain's current cell without a lock (each chain
// writes its own cells' part, and one chain's draws come from one goroutine
// at a time), and counts the chain's draws in the cell under the chain
// chunk's lock once a block: ten thousand chains of a thousand draws would
// otherwise take the lock ten million times, the two cores contending for
// it. The cell is written when every chain has counted its draws.
func (p *phase) write(root string, chain, draw int, row []float64) error {
	if chain < 0 || chain >= len(p.written) || draw < 0 || draw >= p.draws {
		return fmt.Errorf("zarr: chain %d draw %d outside the store's %d chains of %d draws", chain, draw, len(p.written), p.draws)
	}
	if draw != p.written[chain] {
		return fmt.Errorf("zarr: chain %d draw %d after %d draws: a chain's draws come in order", chain, draw, p.written[chain])
	}
	ci, bi := chain/p.cc, draw/p.bd
	c := p.cur[chain]
	if c == nil {
		ch := &p.chunks[ci]
		ch.mu.Lock()
		if c = ch.cells[bi]; c == nil {
			c = p.newCell()
			ch.cells[bi] = c
		}
		ch.mu.Unlock()
		p.cur[chain] = c
	}
	lc, ld := chain-ci*p.cc, draw-bi*p.bd
	for i, a := range p.arrays {
		base := (lc*p.bd + ld) * len(a.cols)
		for e, col := range a.cols {
			if col >= 0 {
				c.bufs[i][base+e] = row[col]
			}
		}
	}
	p.pending[chain]++
	p.written[chain] = draw + 1
	if (draw+1)%p.bd != 0 && draw+1 != p.draws {
		return nil
	}
	return p.commit(root, chain)
}

// commit counts chain's pending draws in its current cell, and writes the
// cell when that completes it.
func (p *phase) commit(root string, chain int) error {
	c := p.cur[chain]
	if c == nil {
		return nil
	}
	p.cur[chain] = nil
	ci, bi := chain/p.cc, (p.written[chain]-1)/p.bd
	ch := &p.chunks[ci]
	ch.mu.Lock()
	defer ch.mu.Unlock()
	c.filled += p.pending[chain]
	p.pending[chain] = 0
	chains := min(p.cc, len(p.written)-ci*p.cc)
	draws := min(p.bd, p.draws-bi*p.bd)
	if c.filled < chains*draws {
		return nil
	}
	delete(ch.cells, bi)
	return p.writeCell(root, ci, bi, c)
}

func (p *phase) newCell() *cell {
	c := &cell{bufs: make([][]float64, len(p.arrays))}
	for i, a := range p.arrays {
		b := make([]float64, p.cc*p.bd*len(a.cols))
		f := a.t.fillValue()
		for j := range b {
			b[j] = f
		}
		c.bufs[i] = b
	}
	return c
}

// writeCell writes every array's chunk (ci, bi, 0...).
func (p *phase) writeCell(root string, ci, bi int, c *cell) error {
	for i, a := range p.arrays {
		idx := append([]int{ci, bi}, make([]int, len(a.shape))...)
		if err := writeFile(filepath.Join(root, filepath.FromSlash(a.key), chunkKey(idx)), encode(a.t, c.bufs[i])); err != nil {
			return err
		}
	}
	return nil
}

// SetAdaptation records chain's adapted step size and inverse metric (the
// diagonal, or the matrix row by row), written to sample_stats by Close.
func (s *Store) SetAdaptation(chain int, stepsize float64, invMetric []float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.adapted[chain] = append([]float64{stepsize}, invMetric...)
}

// writeInvMetric writes sample_stats/inv_metric: (chain, inv_metric_dim_0)
// or, dense, (chain, inv_metric_dim_0, inv_metric_dim_1); NaN for a chain
// whose warmup did not end. Create writes its metadata, Close its values.
func (s *Store) writeInvMetric() error {
	n := s.spec.MetricSize
	if n == 0 {
		return nil
	}
	shape, dims := []int{s.spec.Chains, n}, []string{"chain", "inv_metric_dim_0"}
	if s.spec.Dense {
		shape, dims = append(shape, n), append(dims, "inv_metric_dim_1")
	}
	for i, d := range dims[1:] {
		if err := s.writeCoord("sample_stats", d, shape[i+1], 0); err != nil {
			return err
		}
	}
	per := n
	if s.spec.Dense {
		per = n * n
	}
	var values []float64
	if s.closed {
		values = make([]float64, s.spec.Chains*per)
		for c, a := range s.adapted {
			for i := range per {
				values[c*per+i] = math.NaN()
				if len(a) == per+1 {
					values[c*per+i] = a[1+i]
				}
			}
		}
	}
	return s.writeArray("sample_stats/inv_metric", float64Type, shape, slices.Clone(shape), dims, values)
}

// Close writes the chunks still partly filled, cuts the draw dimension to
// the longest chain's draws when the run stopped early, writes the inverse
// metrics and the consolidated metadata.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	for i, w := range s.written {
		for c, n := range w {
			if got := s.phases[i].written[c]; got != n {
				return fmt.Errorf("zarr: chain %d has %d draws of the added variables, the store %d", c, got, n)
			}
		}
	}
	for _, p := range s.phases {
		for chain := range p.cur {
			if err := p.commit(s.root, chain); err != nil {
				return err
			}
		}
		for ci := range p.chunks {
			ch := &p.chunks[ci]
			for bi, c := range ch.cells {
				if err := p.writeCell(s.root, ci, bi, c); err != nil {
					return err
				}
				delete(ch.cells, bi)
			}
		}
		n := slices.Max(p.written)
		if n == p.draws {
			continue
		}
		for _, a := range p.arrays {
			meta := newArrayMeta(a.t, p.arrayShape(a, n), p.chunkShape(a))
			if err := writeJSON(s.root, a.key+"/.zarray", meta, s.docs); err != nil {
				return err
			}
			group := path.Dir(a.key)
			dm := newArrayMeta(int64Type, []int{n}, []int{max(p.draws, 1)})
			if err := writeJSON(s.root, group+"/draw/.zarray", dm, s.docs); err != nil {
				return err
			}
		}
	}
	if err := s.writeInvMetric(); err != nil {
		return err
	}
	attrs := s.rootAttrs()
	attrs["draws_written"] = s.phases[0].written
	if len(s.phases) > 1 {
		attrs["warmup_draws_written"] = s.phases[1].written
	}
	if err := writeJSON(s.root, ".zattrs", attrs, s.docs); err != nil {
		return err
	}
	return writeConsolidated(s.root, s.docs)
}
