package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/diagnostics"
)

// TestCatalogueInCorpus checks corpusCatalogue against
// ../shared/corpus/posteriordb: every name it gives is a posterior there;
// each variant pair and same-data set shares its data.json byte for byte;
// no posterior is in two pairs; and every mixture and LDA posterior of the
// corpus is in the multimodal list.
func TestCatalogueInCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "posteriordb")
	names, err := listPosteriors(corpus)
	if err != nil {
		t.Skipf("the corpus is not beside the checkout (%v): it lives in ../shared, which this machine lacks", err)
	}
	data := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(corpus, name, "data.json"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return b
	}
	exists := func(where, name string) bool {
		if !slices.Contains(names, name) {
			t.Errorf("%s: %s is not a posterior of %s", where, name, corpus)
			return false
		}
		return true
	}
	paired := map[string]bool{}
	for _, p := range corpusCatalogue.pairs {
		if !exists("pairs", p.a) || !exists("pairs", p.b) {
			continue
		}
		if !bytes.Equal(data(p.a), data(p.b)) {
			t.Errorf("pair %s, %s: their data.json differ", p.a, p.b)
		}
		for _, n := range []string{p.a, p.b} {
			if paired[n] {
				t.Errorf("%s is in two pairs", n)
			}
			paired[n] = true
		}
	}
	for _, s := range corpusCatalogue.sameData {
		for _, n := range s.names {
			if exists("sameData", n) && !bytes.Equal(data(n), data(s.names[0])) {
				t.Errorf("same-data set of %s: %s has other data", s.names[0], n)
			}
			if paired[n] {
				t.Errorf("%s is both in a pair and in a same-data set of non-variants", n)
			}
		}
	}
	for _, n := range corpusCatalogue.multimodal {
		exists("multimodal", n)
	}
	mixture := regexp.MustCompile(`(?i)mix|lda`)
	for _, n := range names {
		if mixture.MatchString(n) && !slices.Contains(corpusCatalogue.multimodal, n) {
			t.Errorf("%s looks like a mixture or LDA posterior but is not in the multimodal list", n)
		}
	}
}

func TestCompareMeans(t *testing.T) {
	v := func(name string, mean, mcse float64) diagnostics.VarSummary {
		return diagnostics.VarSummary{Name: name, Mean: mean, MCSEMean: mcse}
	}
	tests := []struct {
		name   string
		a, b   diagnostics.Summary
		shapes []string
		values int
		worst  string
		ratio  float64
	}{
		{"scalars", diagnostics.Summary{v("mu", 0, 0.03), v("tau", 1, 0.1)}, diagnostics.Summary{v("tau", 1.5, 0), v("mu", 0.4, 0.04)},
			[]string{"mu", "tau"}, 2, "mu", 8},
		{"only in one", diagnostics.Summary{v("mu", 0, 1)}, diagnostics.Summary{v("mu_raw", 5, 1), v("mu", 0, 1)}, []string{"mu"}, 1, "mu", 0},
		{"shape differs", diagnostics.Summary{v("s", 0, 1), v("x[1]", 0, 1), v("x[2]", 0, 1)},
			diagnostics.Summary{v("s[1]", 9, 1), v("x[1]", 0, 1), v("x[2]", 0, 1), v("x[3]", 0, 1)}, nil, 0, "", 0},
		{"matrix", diagnostics.Summary{v("m[1,1]", 0, 1), v("m[2,1]", 0, 1), v("m[1,2]", 0, 1), v("m[2,2]", 3, 1)},
			diagnostics.Summary{v("m[1,1]", 0, 1), v("m[1,2]", 0, 1), v("m[2,1]", 0, 1), v("m[2,2]", 0, 1)}, []string{"m[2,2]"}, 4, "m[2,2]", 3 / math.Sqrt2},
		{"constants", diagnostics.Summary{v("c", 1, 0), v("d", 1, 0)}, diagnostics.Summary{v("c", 1, 0), v("d", 2, 0)},
			[]string{"c", "d"}, 2, "d", math.Inf(1)},
		{"not finite left out", diagnostics.Summary{v("a", math.NaN(), 1), v("b", 0, 1)}, diagnostics.Summary{v("a", 0, 1), v("b", 1, 1)},
			[]string{"a", "b"}, 1, "b", 1 / math.Sqrt2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := compareMeans(tt.a, tt.b)
			if !slices.Equal(c.shapes, tt.shapes) || c.values != tt.values || c.worst != tt.worst || math.Abs(c.ratio-tt.ratio) > 1e-12 && c.ratio != tt.ratio {
				t.Errorf("got %q, %d values, worst %s at %g; want %q, %d, %s at %g", c.shapes, c.values, c.worst, c.ratio,
					tt.shapes, tt.values, tt.worst, tt.ratio)
			}
		})
	}
}
