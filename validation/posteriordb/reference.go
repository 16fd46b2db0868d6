// Package posteriordb reads posteriordb reference summaries (reference.json
// in ../shared/posteriordb and ../shared/corpus/posteriordb) and applies the
// comparison rule of ../shared/posteriordb/INDEX.md ("Comparison rule") to
// a bayes run's draws: run validity (R-hat, ESS, divergences), then mean,
// sd and the 5% and 95% quantiles of every reference element within 4 Monte
// Carlo standard errors of the difference.
//
// Input: a reference.json and the run's draws as diagnostics columns, with
// its divergence count. Output: an Outcome (checks made, failures with their
// numbers, largest |difference|/bound, convergence). The rule lives here
// once, for the validation tests (`make test`, `make validate`) and the
// corpus harness (`make corpus`).
package posteriordb

import (
	"encoding/json"
	"fmt"
	"os"
)

// Reference is a posteriordb reference.json: one entry per scalar element
// of the reference draws, with Stan names ("beta[3]"), and the settings
// of the reference run.
type Reference struct {
	Name   string `json:"name"`
	Method Method `json:"reference_method"`
	// Parameters are the elements' summaries over the reference draws
	// pooled over chains (INDEX.md, "reference.json").
	Parameters []Element `json:"parameters"`
}

// Method is what posteriordb recorded of the reference run: rstan's
// sampling call and its control list.
type Method struct {
	Method string `json:"method"`
	// Control holds rstan's control arguments (adapt_delta,
	// max_treedepth, ...), each as its JSON text, which a comparison run
	// should use too.
	Control map[string]json.RawMessage `json:"control"`
}

// Element is one scalar element's summary: mean, sd (n - 1), type-7
// quantiles, bulk and tail ESS, and the Monte Carlo standard errors of
// the sd and the tail quantiles.
type Element struct {
	Name    string  `json:"name"`
	Mean    float64 `json:"mean"`
	SD      float64 `json:"sd"`
	Q5      float64 `json:"q5"`
	Q95     float64 `json:"q95"`
	ESSBulk float64 `json:"ess_bulk"`
	ESSTail float64 `json:"ess_tail"`
	MCSESD  float64 `json:"mcse_sd"`
	MCSEQ5  float64 `json:"mcse_q5"`
	MCSEQ95 float64 `json:"mcse_q95"`
}

// ReadReference reads a reference.json. A file without elements is an
// error: the rule would pass it vacuously.
func ReadReference(path string) (*Reference, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var ref Reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(ref.Parameters) == 0 {
		return nil, fmt.Errorf("%s: no parameters to compare", path)
	}
	return &ref, nil
}
