package zarr

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestVariables(t *testing.T) {
	tests := []struct {
		names []string
		want  []variable
	}{
		{[]string{"mu", "tau"}, []variable{{name: "mu", shape: []int{}, cols: []int{0}}, {name: "tau", shape: []int{}, cols: []int{1}}}},
		{[]string{"theta[1]", "theta[2]", "mu"}, []variable{
			{name: "theta", shape: []int{2}, dims: []string{"theta_dim_0"}, cols: []int{0, 1}},
			{name: "mu", shape: []int{}, cols: []int{2}}}},
		// Stan writes matrices column-major: elements go by their indices.
		{[]string{"a[1,1]", "a[2,1]", "a[1,2]", "a[2,2]", "a[1,3]", "a[2,3]"}, []variable{
			{name: "a", shape: []int{2, 3}, dims: []string{"a_dim_0", "a_dim_1"}, cols: []int{0, 2, 4, 1, 3, 5}}}},
	}
	for _, tt := range tests {
		got, err := variables(tt.names)
		if err != nil {
			t.Fatalf("%v: %v", tt.names, err)
		}
		for i := range got {
			if got[i].dims == nil {
				got[i].dims = nil
			}
			if !reflect.DeepEqual(*got[i], tt.want[i]) {
				t.Errorf("%v: variable %d = %+v, want %+v", tt.names, i, *got[i], tt.want[i])
			}
		}
	}
	for _, bad := range [][]string{{"a[0]"}, {"a[x]"}, {"a[1]", "a[1,2]"}, {"[1]"}, {""}} {
		if _, err := variables(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// readArray reads a store array: its metadata and all its chunks, decoded
// into one C-order slice of its shape (chunk files that are absent read as
// the fill value), as a Zarr reader does.
func readArray(t *testing.T, root, key string) (arrayMeta, []float64) {
	t.Helper()
	var m struct {
		arrayMeta
		FillValue any `json:"fill_value"`
	}
	b, err := os.ReadFile(filepath.Join(root, key, ".zarray"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	meta := m.arrayMeta
	n := 1
	for _, d := range meta.Shape {
		n *= d
	}
	out := make([]float64, n)
	grid := make([]int, len(meta.Shape))
	for i := range grid {
		grid[i] = (meta.Shape[i] + meta.Chunks[i] - 1) / meta.Chunks[i]
	}
	csize := 1
	for _, c := range meta.Chunks {
		csize *= c
	}
	for i := range out {
		// the element's index, its chunk, its place in the chunk
		idx, rem := make([]int, len(meta.Shape)), i
		for d := len(meta.Shape) - 1; d >= 0; d-- {
			idx[d], rem = rem%meta.Shape[d], rem/meta.Shape[d]
		}
		ck, off := make([]int, len(idx)), 0
		for d := range idx {
			ck[d] = idx[d] / meta.Chunks[d]
			off = off*meta.Chunks[d] + idx[d]%meta.Chunks[d]
		}
		data, err := os.ReadFile(filepath.Join(root, key, chunkKey(ck)))
		if os.IsNotExist(err) {
			out[i] = meta.DType.fillValue()
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(data) != csize*meta.DType.size() {
			t.Fatalf("%s chunk %v: %d bytes, want %d", key, ck, len(data), csize*meta.DType.size())
		}
		switch meta.DType {
		case float64Type:
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*off:]))
		case int64Type:
			out[i] = float64(int64(binary.LittleEndian.Uint64(data[8*off:])))
		case boolType:
			out[i] = float64(data[off])
		}
	}
	return meta, out
}

// row is a draw's row: statistics then outputs, each a function of its
// chain, draw and column, so that every value says where it belongs.
func row(c, d int, ncols int) []float64 {
	r := make([]float64, len(SamplerColumns)+ncols)
	for i := range r {
		r[i] = float64(c*1_000_000 + d*1000 + i)
	}
	r[5] = float64(d % 2) // diverging
	return r
}

// TestStoreValues writes chains with a chunk grid that does not divide the
// shape (ten thousand chains would; here a small chunkValues is simulated
// by many draws) and reads every value back in place.
func TestStoreValues(t *testing.T) {
	for _, tt := range []struct {
		name          string
		chains, draws int
		stop          []int // draws each chain writes; nil: all
	}{
		{"complete", 3, 250, nil},
		{"one chunk", 2, 7, nil},
		{"interrupted", 3, 250, []int{120, 0, 201}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "s.zarr")
			names := []string{"mu", "a[1,1]", "a[2,1]", "a[1,2]", "a[2,2]", "log_lik[1]", "log_lik[2]"}
			s, err := Create(dir, Spec{Names: names, LogLik: "log_lik", Chains: tt.chains, Draws: tt.draws, ChainOffset: 4, MetricSize: 5})
			if err != nil {
				t.Fatal(err)
			}
			written := make([]int, tt.chains)
			for c := range tt.chains {
				written[c] = tt.draws
				if tt.stop != nil {
					written[c] = tt.stop[c]
				}
				for d := range written[c] {
					if err := s.WriteDraw(c, d, row(c, d, len(names))); err != nil {
						t.Fatal(err)
					}
				}
				if c != 1 {
					s.SetAdaptation(c, 0.5, []float64{1, 2, 3, 4, float64(c)})
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, w := range written {
				n = max(n, w)
			}
			check := func(key string, shape []int, col func(e int) int, fill float64) {
				meta, got := readArray(t, dir, key)
				if want := append([]int{tt.chains, n}, shape...); !reflect.DeepEqual(meta.Shape, want) {
					t.Fatalf("%s shape %v, want %v", key, meta.Shape, want)
				}
				per := len(got) / (tt.chains * max(n, 1))
				for c := range tt.chains {
					for d := range n {
						for e := range per {
							g := got[(c*n+d)*per+e]
							want := fill
							if d < written[c] {
								want = row(c, d, len(names))[col(e)]
							}
							if g != want && !(math.IsNaN(g) && math.IsNaN(want)) {
								t.Fatalf("%s chain %d draw %d element %d = %v, want %v", key, c, d, e, g, want)
							}
						}
					}
				}
			}
			check("sample_stats/lp", nil, func(int) int { return 0 }, math.NaN())
			check("sample_stats/tree_depth", nil, func(int) int { return 3 }, -1)
			check("sample_stats/diverging", nil, func(int) int { return 5 }, 0)
			check("posterior/mu", nil, func(int) int { return 7 }, math.NaN())
			// a[i,j] in C order: a[1,1] a[1,2] a[2,1] a[2,2] are columns 1 3 2 4
			check("posterior/a", []int{2, 2}, func(e int) int { return 7 + []int{1, 3, 2, 4}[e] }, math.NaN())
			check("log_likelihood/log_lik", []int{2}, func(e int) int { return 7 + 5 + e }, math.NaN())
			if _, err := os.Stat(filepath.Join(dir, "posterior", "log_lik")); err == nil {
				t.Error("log_lik is in posterior too")
			}
			_, draw := readArray(t, dir, "posterior/draw")
			_, chain := readArray(t, dir, "posterior/chain")
			if len(draw) != n || n > 0 && draw[n-1] != float64(n-1) || !reflect.DeepEqual(chain, []float64{4, 5, 6}[:tt.chains]) {
				t.Errorf("coordinates draw %v chain %v", draw, chain)
			}
			_, inv := readArray(t, dir, "sample_stats/inv_metric")
			if inv[4] != 0 || !math.IsNaN(inv[5]) || tt.chains > 2 && inv[14] != 2 {
				t.Errorf("inv_metric %v: want chain 0's, NaN for chain 1 (no adaptation), chain 2's", inv)
			}
			var z struct {
				Metadata map[string]json.RawMessage `json:"metadata"`
			}
			b, _ := os.ReadFile(filepath.Join(dir, ".zmetadata"))
			if err := json.Unmarshal(b, &z); err != nil {
				t.Fatal(err)
			}
			var m arrayMeta
			json.Unmarshal(z.Metadata["posterior/a/.zarray"], &m)
			if m.Shape[1] != n {
				t.Errorf(".zmetadata has posterior/a shape %v, want %d draws", m.Shape, n)
			}
			var dims struct {
				D []string `json:"_ARRAY_DIMENSIONS"`
			}
			json.Unmarshal(z.Metadata["posterior/a/.zattrs"], &dims)
			if !reflect.DeepEqual(dims.D, []string{"chain", "draw", "a_dim_0", "a_dim_1"}) {
				t.Errorf("posterior/a dimensions %v", dims.D)
			}
		})
	}
}

// TestStoreKilled: a run killed before Close leaves a store whose metadata
// has the planned shape and whose completed chunks hold their draws.
func TestStoreKilled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s.zarr")
	s, err := Create(dir, Spec{Names: []string{"mu"}, Chains: 2, Draws: 250})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 2 {
		for d := range 150 {
			if err := s.WriteDraw(c, d, row(c, d, 1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	meta, got := readArray(t, dir, "posterior/mu")
	if !reflect.DeepEqual(meta.Shape, []int{2, 250}) {
		t.Fatalf("shape %v", meta.Shape)
	}
	done := 150 / s.phases[0].bd * s.phases[0].bd // draws in complete blocks (blocks of 84 of the 250: 84)
	if done == 0 || done == 150 {
		t.Fatalf("blocks of %d draws: the test needs 150 draws to end inside a block after the first", s.phases[0].bd)
	}
	for c := range 2 {
		for d := range 250 {
			g := got[c*250+d]
			switch {
			case d < done && g != row(c, d, 1)[7]: // the first block is complete
				t.Fatalf("chain %d draw %d = %v, want its value", c, d, g)
			case d >= done && !math.IsNaN(g):
				t.Fatalf("chain %d draw %d = %v, want NaN (its chunk is not complete)", c, d, g)
			}
		}
	}
	if err := s.WriteDraw(2, 0, row(2, 0, 1)); err == nil {
		t.Error("a draw of chain 2 of 2: no error")
	}
	if err := s.WriteWarmupDraw(0, 0, row(0, 0, 1)); err == nil {
		t.Error("a warmup draw without WarmupDraws: no error")
	}
}

// TestStoreWarmup: with WarmupDraws, warmup draws go to warmup_posterior,
// warmup_sample_stats, warmup_log_likelihood and
// warmup_posterior_predictive, sampling draws to the others, each with its
// own draw dimension.
func TestStoreWarmup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s.zarr")
	s, err := Create(dir, Spec{Names: []string{"mu", "log_lik[1]", "y_rep[1]"}, LogLik: "log_lik", PosteriorPredictive: []string{"y_rep"},
		Chains: 2, Draws: 3, WarmupDraws: 5})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 2 {
		for d := range 5 {
			if err := s.WriteWarmupDraw(c, d, row(c, d+100, 3)); err != nil {
				t.Fatal(err)
			}
		}
		for d := range 3 {
			if err := s.WriteDraw(c, d, row(c, d, 3)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key         string
		draws, col  int
		firstOffset int
	}{
		{"warmup_posterior/mu", 5, 7, 100}, {"warmup_sample_stats/lp", 5, 0, 100}, {"warmup_log_likelihood/log_lik", 5, 8, 100},
		{"warmup_posterior_predictive/y_rep", 5, 9, 100},
		{"posterior/mu", 3, 7, 0}, {"sample_stats/energy", 3, 6, 0}, {"log_likelihood/log_lik", 3, 8, 0},
		{"posterior_predictive/y_rep", 3, 9, 0},
	} {
		meta, got := readArray(t, dir, tt.key)
		if meta.Shape[1] != tt.draws {
			t.Fatalf("%s shape %v, want %d draws", tt.key, meta.Shape, tt.draws)
		}
		for c := range 2 {
			for d := range tt.draws {
				if want := row(c, d+tt.firstOffset, 3)[tt.col]; got[c*tt.draws+d] != want {
					t.Errorf("%s chain %d draw %d = %v, want %v", tt.key, c, d, got[c*tt.draws+d], want)
				}
			}
		}
	}
}

// TestStoreConcurrent: chains that write at once (one goroutine each, as
// the sampler runs them) share chunks; every value lands in its place.
// Run with -race, it also checks that they share no memory unguarded.
func TestStoreConcurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s.zarr")
	const chains, draws = 9, 230
	s, err := Create(dir, Spec{Names: []string{"mu"}, Chains: chains, Draws: draws})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, chains)
	for c := range chains {
		go func() {
			for d := range draws {
				if err := s.WriteDraw(c, d, row(c, d, 1)); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range chains {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, got := readArray(t, dir, "posterior/mu")
	for c := range chains {
		for d := range draws {
			if want := row(c, d, 1)[7]; got[c*draws+d] != want {
				t.Fatalf("chain %d draw %d = %v, want %v", c, d, got[c*draws+d], want)
			}
		}
	}
	if err := s.WriteDraw(0, 5, row(0, 5, 1)); err == nil {
		t.Error("draw 5 of chain 0 again: no error")
	}
}

func TestEven(t *testing.T) {
	for _, tt := range []struct{ n, most, want int }{
		{10000, 655, 625}, {250, 100, 84}, {200, 100, 100}, {120, 100, 60}, {7, 100, 7}, {0, 100, 1}, {5, 0, 1},
	} {
		if got := even(tt.n, tt.most); got != tt.want {
			t.Errorf("even(%d, %d) = %d, want %d", tt.n, tt.most, got, tt.want)
		}
	}
}

// TestStoreShapeChainsInChunks: with the chains in two chunks and
// as many draws as a chunk holds (100), an array's shape is still every
// chain's, not the chunk's, for a run that finished and for one stopped
// at a chunk's draws (250 planned, in chunks of 84); ReadRun gives every
// chain back.
func TestStoreShapeChainsInChunks(t *testing.T) {
	for _, tt := range []struct {
		name          string
		draws, writes int
	}{{"finished", 100, 100}, {"stopped", 250, 84}} {
		t.Run(tt.name, func(t *testing.T) {
			const chains = 1000
			dir := filepath.Join(t.TempDir(), "s.zarr")
			s, err := Create(dir, Spec{Names: []string{"mu"}, Chains: chains, Draws: tt.draws})
			if err != nil {
				t.Fatal(err)
			}
			for c := range chains {
				for d := range tt.writes {
					if err := s.WriteDraw(c, d, row(c, d, 1)); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			var m arrayMeta
			b, _ := os.ReadFile(filepath.Join(dir, "posterior", "mu", ".zarray"))
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Shape, []int{chains, tt.writes}) || m.Chunks[0] >= chains {
				t.Fatalf("posterior/mu shape %v chunks %v, want shape [%d %d] in chunks of fewer chains", m.Shape, m.Chunks, chains, tt.writes)
			}
			got, _, err := ReadRun(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != chains || len(got[chains-1].Draws) != tt.writes || got[chains-1].Draws[tt.writes-1][7] != row(chains-1, tt.writes-1, 1)[7] {
				t.Fatalf("ReadRun: %d chains, the last with %d draws", len(got), len(got[len(got)-1].Draws))
			}
		})
	}
}
