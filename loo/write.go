package loo

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// WriteTable prints r as loo's print method does: the estimates with their
// standard errors (one decimal), then how many observations fall in each
// Pareto k class with the smallest n_eff among them; with pointwise, a
// row per observation after.
func WriteTable(w io.Writer, r *Result, pointwise bool) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Computed from %d by %d log-likelihood matrix (%s: %d %s of %d draws)\n\n",
		r.Chains*r.Draws, len(r.Points), r.Var, r.Chains, plural(r.Chains, "chain", "chains"), r.Draws)
	fmt.Fprintf(bw, "%-8s  %8s  %6s\n", "", "Estimate", "SE")
	for _, e := range []struct {
		name string
		e    Estimate
	}{{"elpd_loo", r.ElpdLoo}, {"p_loo", r.PLoo}, {"looic", r.LooIC}} {
		fmt.Fprintf(bw, "%-8s  %8.1f  %6.1f\n", e.name, e.e.Value, e.e.SE)
	}
	fmt.Fprintln(bw, "------")
	counts, minNEff := classCounts(r)
	if counts[OK]+counts[Bad]+counts[VeryBad] == 0 {
		fmt.Fprintf(bw, "All Pareto k estimates are good (k <= %g).\n", KGood)
	} else {
		fmt.Fprintln(bw, "Pareto k diagnostic values:")
		fmt.Fprintf(bw, "%-11s  %-10s  %5s  %6s  %10s\n", "", "", "Count", "Pct.", "Min. n_eff")
		for _, c := range KClasses {
			nEff := "-"
			if counts[c] > 0 {
				nEff = fmt.Sprintf("%.0f", minNEff[c])
			}
			fmt.Fprintf(bw, "%11s  %-10s  %5d  %5.1f%%  %10s\n", c.Range(), "("+c.String()+")", counts[c],
				100*float64(counts[c])/float64(len(r.Points)), nEff)
		}
		if counts[Bad]+counts[VeryBad] == 0 {
			fmt.Fprintf(bw, "All Pareto k estimates are ok (k <= %g).\n", KOK)
		}
	}
	if pointwise {
		width := len("observation")
		for _, p := range r.Points {
			width = max(width, len(p.Name))
		}
		fmt.Fprintf(bw, "\n%*s  %9s  %7s  %8s  %8s  %7s  %6s\n", width, "observation", "elpd_loo", "p_loo", "looic", "pareto_k", "n_eff", "r_eff")
		for _, p := range r.Points {
			fmt.Fprintf(bw, "%*s  %9.2f  %7.2f  %8.2f  %8.2f  %7.0f  %6.2f\n", width, p.Name, p.ElpdLoo, p.PLoo, p.LooIC, p.ParetoK, p.NEff, p.REff)
		}
	}
	return bw.Flush()
}

// classCounts counts r's observations in each Pareto k class, with the
// smallest n_eff in each (NaN in an empty class).
func classCounts(r *Result) (counts [4]int, minNEff [4]float64) {
	for c := range minNEff {
		minNEff[c] = math.NaN()
	}
	for _, p := range r.Points {
		c := Classify(p.ParetoK)
		counts[c]++
		if counts[c] == 1 || p.NEff < minNEff[c] {
			minNEff[c] = p.NEff
		}
	}
	return counts, minNEff
}

// WriteCompare prints Compare's rows as loo_compare prints them: elpd_diff
// and se_diff, one decimal, best model first.
func WriteCompare(w io.Writer, cs []Comparison) error {
	bw := bufio.NewWriter(w)
	width := 0
	for _, c := range cs {
		width = max(width, len(c.Name))
	}
	fmt.Fprintf(bw, "%-*s  %9s  %7s\n", width, "", "elpd_diff", "se_diff")
	for _, c := range cs {
		fmt.Fprintf(bw, "%-*s  %9.1f  %7.1f\n", width, c.Name, c.ElpdDiff, c.SEDiff)
	}
	return bw.Flush()
}

// JSONVersion is the version of WriteJSON's document; it changes only when
// a key is removed or changes meaning.
const JSONVersion = 1

// WriteJSON writes the results of one or more models, names[m] naming
// results[m], with their comparison when there are several (cs from
// Compare, nil otherwise), as one JSON object:
//
//	version   number  JSONVersion (1)
//	models    array   one object per model, in the order given:
//	  name, variable                     string
//	  chains, draws_per_chain, observations  number
//	  elpd_loo, se_elpd_loo, p_loo, se_p_loo, looic, se_looic  number
//	  pareto_k_counts   object  good, ok, bad, very_bad: observations in each class
//	  pointwise         array   per observation: observation (its name), elpd_loo,
//	                            p_loo, looic, pareto_k, n_eff, r_eff
//	  warnings          array   kind (pareto_k or pareto_k_high), message, remedy,
//	                            vars (the observations, worst first)
//	compare   array   with two models or more, best first: name, elpd_diff, se_diff
//
// Numbers are in shortest round-trip form; NaN and infinities (a k that
// could not be estimated) are null.
func WriteJSON(w io.Writer, names []string, results []*Result, cs []Comparison) error {
	type point struct {
		Observation string `json:"observation"`
		ElpdLoo     num    `json:"elpd_loo"`
		PLoo        num    `json:"p_loo"`
		LooIC       num    `json:"looic"`
		ParetoK     num    `json:"pareto_k"`
		NEff        num    `json:"n_eff"`
		REff        num    `json:"r_eff"`
	}
	type warning struct {
		Kind    string   `json:"kind"`
		Message string   `json:"message"`
		Remedy  string   `json:"remedy"`
		Vars    []string `json:"vars"`
	}
	type model struct {
		Name          string         `json:"name"`
		Variable      string         `json:"variable"`
		Chains        int            `json:"chains"`
		DrawsPerChain int            `json:"draws_per_chain"`
		Observations  int            `json:"observations"`
		ElpdLoo       num            `json:"elpd_loo"`
		SEElpdLoo     num            `json:"se_elpd_loo"`
		PLoo          num            `json:"p_loo"`
		SEPLoo        num            `json:"se_p_loo"`
		LooIC         num            `json:"looic"`
		SELooIC       num            `json:"se_looic"`
		Counts        map[string]int `json:"pareto_k_counts"`
		Pointwise     []point        `json:"pointwise"`
		Warnings      []warning      `json:"warnings"`
	}
	type comparison struct {
		Name     string `json:"name"`
		ElpdDiff num    `json:"elpd_diff"`
		SEDiff   num    `json:"se_diff"`
	}
	doc := struct {
		Version int          `json:"version"`
		Models  []model      `json:"models"`
		Compare []comparison `json:"compare,omitempty"`
	}{Version: JSONVersion}
	for m, r := range results {
		counts, _ := classCounts(r)
		md := model{
			Name: names[m], Variable: r.Var, Chains: r.Chains, DrawsPerChain: r.Draws, Observations: len(r.Points),
			ElpdLoo: num(r.ElpdLoo.Value), SEElpdLoo: num(r.ElpdLoo.SE),
			PLoo: num(r.PLoo.Value), SEPLoo: num(r.PLoo.SE),
			LooIC: num(r.LooIC.Value), SELooIC: num(r.LooIC.SE),
			Counts:   map[string]int{"good": counts[Good], "ok": counts[OK], "bad": counts[Bad], "very_bad": counts[VeryBad]},
			Warnings: []warning{},
		}
		for _, p := range r.Points {
			md.Pointwise = append(md.Pointwise, point{p.Name, num(p.ElpdLoo), num(p.PLoo), num(p.LooIC), num(p.ParetoK), num(p.NEff), num(p.REff)})
		}
		for _, wa := range r.Warnings() {
			md.Warnings = append(md.Warnings, warning{wa.Kind, wa.Message, wa.Remedy, wa.Vars})
		}
		doc.Models = append(doc.Models, md)
	}
	for _, c := range cs {
		doc.Compare = append(doc.Compare, comparison{c.Name, num(c.ElpdDiff), num(c.SEDiff)})
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// num is a float64 that marshals NaN and ±Inf as null and others in
// shortest round-trip form.
type num float64

func (x num) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
