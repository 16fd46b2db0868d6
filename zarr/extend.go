package zarr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// This file adds variables to a finished run's store: the generated
// quantities that bayes generate computes from its draws afterwards.

// Extend opens the store at dir, of a run that finished or was stopped, to
// add variables computed from its draws: names are their Stan element
// names ("y_rep[1]"), in the order of the rows given to WriteDraw and
// WriteWarmupDraw, which hold their values alone (no sampler statistics).
// logLik goes to the log_likelihood group, the others to
// posterior_predictive, and, when the store saved the warmup draws, to
// warmup_log_likelihood and warmup_posterior_predictive too. A variable
// the store already has, in any group, is replaced, and so are all those
// an earlier Extend added (the root attribute bayes_generated names them). Every draw the store
// holds (its draws_written) must be written, each chain's in order; Close
// then writes the root attributes and the consolidated metadata, which
// name the new variables, so that ReadRun reads them as more columns.
//
// The store of a run that was killed (it has no draws_written) is refused:
// which of its draws are there is known only from its chunks.
func Extend(dir string, names []string, logLik string) (*Store, error) {
	var root struct {
		Columns       []string `json:"bayes_columns"`
		LogLik        string   `json:"bayes_log_likelihood"`
		PostPred      []string `json:"bayes_posterior_predictive"`
		Written       []int    `json:"draws_written"`
		WarmupWritten []int    `json:"warmup_draws_written"`
		Generated     []string `json:"bayes_generated"`
	}
	if err := readJSON(dir, ".zattrs", &root); err != nil {
		return nil, err
	}
	switch {
	case root.Columns == nil:
		return nil, fmt.Errorf("%s: its .zattrs has no bayes_columns: not a store of bayes sample --output-format zarr", dir)
	case root.Written == nil:
		return nil, fmt.Errorf("%s has no draws_written: its run was killed (or is still going); only a run that finished or was stopped can be extended", dir)
	}
	docs, err := readConsolidated(dir)
	if err != nil {
		return nil, err
	}
	attrs, err := readAttrs(dir, "posterior/.zattrs")
	if err != nil {
		return nil, err
	}
	delete(attrs, "created_at")
	delete(attrs, "inference_library")
	offset := 0
	if err := readChainOffset(dir, &offset); err != nil {
		return nil, err
	}
	added, err := variables(names)
	if err != nil {
		return nil, err
	}
	old, err := variables(root.Columns)
	if err != nil {
		return nil, fmt.Errorf("%s: bayes_columns: %w", dir, err)
	}
	replaced := map[string]bool{}
	for _, v := range added {
		replaced[v.name] = true
	}
	for _, name := range root.Generated {
		replaced[name] = true
	}
	for _, v := range old {
		if replaced[v.name] {
			if err := removeVariable(dir, v, docs); err != nil {
				return nil, err
			}
		}
	}
	keep := func(name string) bool { base, _, _ := strings.Cut(name, "["); return !replaced[base] }
	spec := Spec{LogLik: root.LogLik, Chains: len(root.Written), ChainOffset: offset, Attrs: attrs}
	for _, n := range root.Columns {
		if keep(n) {
			spec.Names = append(spec.Names, n)
		}
	}
	spec.Names = append(spec.Names, names...)
	for _, n := range root.PostPred {
		if keep(n) {
			spec.PosteriorPredictive = append(spec.PosteriorPredictive, n)
		}
	}
	for _, v := range added {
		if v.name != logLik {
			spec.PosteriorPredictive = append(spec.PosteriorPredictive, v.name)
			continue
		}
		if ll := root.LogLik; ll != "" && ll != logLik && slices.ContainsFunc(old, func(o *variable) bool { return o.name == ll && !replaced[ll] }) {
			return nil, fmt.Errorf("%s: its log_likelihood group holds %s already: %s would be a second log likelihood (name it %s, or give %s as the log likelihood)", dir, ll, logLik, ll, ll)
		}
		spec.LogLik = logLik
	}
	s := &Store{root: dir, spec: spec, docs: docs, written: [][]int{root.Written}}
	for _, v := range added {
		s.generated = append(s.generated, v.name)
	}
	for _, ph := range []struct {
		post, stats string
		written     []int
	}{{"posterior", "sample_stats", root.Written}, {"warmup_posterior", "warmup_sample_stats", root.WarmupWritten}} {
		var lp arrayMeta
		if ph.post != "posterior" {
			if _, err := os.Stat(filepath.Join(dir, ph.stats, "lp", ".zarray")); err != nil {
				break
			}
			s.written = append(s.written, ph.written)
		}
		if err := readJSON(dir, ph.stats+"/lp/.zarray", &lp); err != nil {
			return nil, err
		}
		if len(lp.Shape) != 2 || len(lp.Chunks) != 2 || lp.Shape[0] != spec.Chains || lp.Chunks[0] < 1 || lp.Chunks[1] < 1 || len(ph.written) != spec.Chains {
			return nil, fmt.Errorf("%s/%s/lp: shape %v, chunks %v, for %d chains", dir, ph.stats, lp.Shape, lp.Chunks, spec.Chains)
		}
		p := newLayout(ph.post, lp.Shape[1], spec.Chains, lp.Chunks[0], lp.Chunks[1])
		p.stats = ph.stats
		p.addVariables(added, spec, 0)
		s.phases = append(s.phases, p)
		if err := s.createPhase(p); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// removeVariable removes v's array, wherever it is, and its coordinates,
// from the store and from docs.
func removeVariable(dir string, v *variable, docs metaDoc) error {
	for _, g := range []string{"posterior", "log_likelihood", "posterior_predictive", "warmup_posterior", "warmup_log_likelihood", "warmup_posterior_predictive"} {
		if _, ok := docs[g+"/"+v.name+"/.zarray"]; !ok {
			continue
		}
		for _, key := range append([]string{v.name}, v.dims...) {
			if err := os.RemoveAll(filepath.Join(dir, g, key)); err != nil {
				return fmt.Errorf("cannot replace %s/%s: %w", g, key, err)
			}
			for k := range docs {
				if strings.HasPrefix(k, g+"/"+key+"/") {
					delete(docs, k)
				}
			}
		}
	}
	return nil
}

// readConsolidated reads .zmetadata's documents, numbers as written (a
// seed above 2^53 stays exact when they are written again).
func readConsolidated(dir string) (metaDoc, error) {
	var z struct {
		Metadata map[string]json.RawMessage `json:"metadata"`
	}
	if err := readJSON(dir, ".zmetadata", &z); err != nil {
		return nil, err
	}
	docs := metaDoc{}
	for k, raw := range z.Metadata {
		v, err := decodeNumbers(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", filepath.Join(dir, ".zmetadata"), k, err)
		}
		docs[k] = v
	}
	return docs, nil
}

// readAttrs reads the attributes document key, numbers as written.
func readAttrs(dir, key string) (map[string]any, error) {
	var raw json.RawMessage
	if err := readJSON(dir, key, &raw); err != nil {
		return nil, err
	}
	v, err := decodeNumbers(raw)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		return nil, fmt.Errorf("%s: not a JSON object", filepath.Join(dir, filepath.FromSlash(key)))
	}
	return m, nil
}

func decodeNumbers(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
