package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// The table: per posterior a line with its settings, then a row per side
// and one of bayes / Stan. The last four figures multiply, left to right:
// ESS/s = ESS/grad x grad/s x sampler/wall.
const rowFormat = "  %-10s %7s %7s %9s %10s %8s %-15s %9s %10s %8s %9s %4s\n"

func printHeader(w io.Writer) {
	fmt.Fprintf(w, rowFormat, "", "wall s", "cpu s", "sampler s", "gradients", "min ESS", "(name)",
		"ESS/grad", "grad/s", "smp/wall", "ESS/s", "div")
}

func printResult(w io.Writer, r result) {
	fmt.Fprintf(w, "%s (adapt_delta %g, max_treedepth %d)\n", r.name, r.ref.AdaptDelta, r.ref.MaxTreedepth)
	side(w, "bayes", r.bayes, r.bayesErr)
	switch {
	case r.stan != nil:
		side(w, "Stan", &r.stan.Side, nil)
	case r.stanErr != nil:
		side(w, "Stan", nil, r.stanErr)
	default:
		fmt.Fprintf(w, "  %-10s not run: %s\n", "Stan", r.stanWhy)
	}
	if q, ok := r.ratios(); ok {
		fmt.Fprintf(w, rowFormat, "bayes/Stan", "", "", "", "", "", "", ratio(q.ESSPerGradient),
			ratio(q.GradientsPerSecond), ratio(q.SamplerShare), ratio(q.ESSPerSecond), "")
	}
	if r.stan != nil && !r.stan.Cached {
		fmt.Fprintf(w, "  (Stan compiled the model in %.1f s, not in its times)\n", r.stan.CompileSeconds)
	}
}

// side prints one sampler's row.
func side(w io.Writer, label string, s *Side, err error) {
	if s == nil {
		fmt.Fprintf(w, "  %-10s failed: %v\n", label, err)
		return
	}
	fmt.Fprintf(w, rowFormat, label, fmt.Sprintf("%.2f", s.Wall), fmt.Sprintf("%.1f", s.CPU), fmt.Sprintf("%.2f", s.Sampler),
		strconv.FormatInt(s.Gradients, 10), fmt.Sprintf("%.0f", s.MinESS), "("+s.MinESSName+")",
		fmt.Sprintf("%.3g", s.ESSPerGradient()), fmt.Sprintf("%.0f", s.GradientsPerSecond()),
		fmt.Sprintf("%.3f", s.SamplerShare()), fmt.Sprintf("%.1f", s.ESSPerSecond()),
		strconv.Itoa(s.Divergences))
}

func ratio(x float64) string { return fmt.Sprintf("%.2fx", x) }

// ratios are bayes / Stan where both sides ran.
func (r result) ratios() (Ratios, bool) {
	if r.bayes == nil || r.stan == nil {
		return Ratios{}, false
	}
	return Compare(*r.bayes, r.stan.Side), true
}

// printSummary ends the table with the geometric means of the ratios over
// the posteriors where both sides ran, and the count of failures.
func printSummary(w io.Writer, res []result) {
	var qs []Ratios
	failed := 0
	for _, r := range res {
		if q, ok := r.ratios(); ok {
			qs = append(qs, q)
		}
		if r.bayes == nil || r.stanErr != nil {
			failed++
		}
	}
	fmt.Fprintln(w)
	if len(qs) == 0 {
		fmt.Fprintf(w, "no posterior has both sides (%d of %d failed): no ratios\n", failed, len(res))
		return
	}
	g := GeometricMean(qs)
	fmt.Fprintf(w, "geometric means over %d posteriors (%d of %d failed), bayes/Stan:\n", len(qs), failed, len(res))
	fmt.Fprintf(w, "  min bulk ESS per wall second %.2fx = ESS per gradient %.2fx x gradients per second %.2fx x sampler/wall %.2fx\n",
		g.ESSPerSecond, g.ESSPerGradient, g.GradientsPerSecond, g.SamplerShare)
}

// GeometricMean averages each ratio on the log scale, so the means keep
// the product of Ratios.
func GeometricMean(qs []Ratios) Ratios {
	var s [4]float64
	for _, q := range qs {
		s[0] += math.Log(q.ESSPerSecond)
		s[1] += math.Log(q.GradientsPerSecond)
		s[2] += math.Log(q.ESSPerGradient)
		s[3] += math.Log(q.SamplerShare)
	}
	n := float64(len(qs))
	return Ratios{math.Exp(s[0] / n), math.Exp(s[1] / n), math.Exp(s[2] / n), math.Exp(s[3] / n)}
}

var csvHeader = []string{"posterior", "adapt_delta", "max_treedepth",
	"bayes_wall_s", "bayes_cpu_s", "bayes_sampler_s", "bayes_gradients", "bayes_min_ess_bulk", "bayes_min_ess_par",
	"bayes_ess_per_s", "bayes_grad_per_s", "bayes_ess_per_grad", "bayes_divergences",
	"stan_wall_s", "stan_cpu_s", "stan_sampler_s", "stan_gradients", "stan_min_ess_bulk", "stan_min_ess_par",
	"stan_ess_per_s", "stan_grad_per_s", "stan_ess_per_grad", "stan_divergences", "stan_compile_s",
	"ratio_ess_per_s", "ratio_grad_per_s", "ratio_ess_per_grad", "ratio_sampler_share",
	"bayes_error", "stan_error"}

// csvRow is r as csvHeader's columns; a missing side leaves its cells empty.
func csvRow(r result) []string {
	row := []string{r.name, g(r.ref.AdaptDelta), strconv.Itoa(r.ref.MaxTreedepth)}
	row = append(row, sideCells(r.bayes)...)
	var stan *Side
	compile := ""
	if r.stan != nil {
		stan, compile = &r.stan.Side, g(r.stan.CompileSeconds)
	}
	row = append(row, sideCells(stan)...)
	row = append(row, compile)
	if q, ok := r.ratios(); ok {
		row = append(row, g(q.ESSPerSecond), g(q.GradientsPerSecond), g(q.ESSPerGradient), g(q.SamplerShare))
	} else {
		row = append(row, "", "", "", "")
	}
	return append(row, message(r.bayesErr), message(r.stanErr))
}

func sideCells(s *Side) []string {
	if s == nil {
		return make([]string, 10)
	}
	return []string{g(s.Wall), g(s.CPU), g(s.Sampler), strconv.FormatInt(s.Gradients, 10), g(s.MinESS),
		s.MinESSName, g(s.ESSPerSecond()), g(s.GradientsPerSecond()), g(s.ESSPerGradient()),
		strconv.Itoa(s.Divergences)}
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

func message(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
