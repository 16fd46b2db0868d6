package simulate

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestPriorNotes: the target += terms that prior-predictive cannot draw
// from, and a generated quantities block, are named with their places;
// a density of one variable and an empty block are not.
func TestPriorNotes(t *testing.T) {
	src := `parameters { real mu; real<lower=0> s; }
model {
  target += normal_lpdf(mu | 0, 1);
  target += exponential_lpdf(s | 1) + 2;
  target += -square(mu - s);
  if (mu > 0) target += log(mu);
}
generated quantities { real m2 = square(mu); }`
	p, err := lang.ParseAndCheck("n.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"n.bym:5:3: target += -square(mu - s) is left out: prior-predictive draws from the ~ statements (and target += NAME_lpdf(x | ...)), not from other terms of the log density",
		"n.bym:6:15: target += log(mu) is left out: prior-predictive draws from the ~ statements (and target += NAME_lpdf(x | ...)), not from other terms of the log density",
		"n.bym:8:24: generated quantities are not drawn: prior-predictive draws the parameters, transformed parameters and the data on the left of ~ (bayes sample computes generated quantities)",
	}
	if got := PriorNotes(p); !slices.Equal(got, want) {
		t.Errorf("PriorNotes:\n%q\nwant\n%q", got, want)
	}
	q, err := lang.ParseAndCheck("q.bym", []byte(`parameters { real mu; } model { mu ~ normal(0, 1); } generated quantities { }`))
	if err != nil {
		t.Fatal(err)
	}
	if got := PriorNotes(q); got != nil {
		t.Errorf("PriorNotes of a model with nothing left out: %q", got)
	}
}

// TestWriteCSVRoundTrip: the CSV holds each draw exactly (shortest
// round-trip form, as bayes sample's Stan CSV), not rounded to 6 digits.
func TestWriteCSVRoundTrip(t *testing.T) {
	vals := []float64{0.1 + 0.2, math.Pi * 1e-9, 1.0 / 3, -123456.789012345, 7}
	d := &Draws{N: len(vals), Vars: []*Var{{Name: "x", Shape: nil, Values: vals}}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		got, err := strconv.ParseFloat(rows[i+1][0], 64)
		if err != nil || got != v {
			t.Errorf("draw %d reads back as %q, want %v exactly", i, rows[i+1][0], v)
		}
	}
}
