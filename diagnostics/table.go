package diagnostics

import (
	"bufio"
	"fmt"
	"io"
	"math"
)

// tableColumns are the column titles of NumPyro's print_summary
// (numpyro/diagnostics.py) for prob = 0.9. Here 5.0% and 95.0% are the
// type-7 quantiles Q5 and Q95 (NumPyro prints the 90% HPD interval under
// these titles), n_eff is the bulk ESS and r_hat the rank-normalised R-hat.
var tableColumns = [...]string{"mean", "std", "median", "5.0%", "95.0%", "n_eff", "r_hat"}

// WriteTable writes s in the layout of NumPyro's MCMC.print_summary, as in
// shared/seed/eight_schools_numpyro.txt: a blank line; a header of the
// column titles right-aligned in 9 characters after a name column as wide as
// the longest name (at least 10); one row per quantity, the name
// right-aligned and each number as "%9.2f"; a blank line; then
// "Number of divergences: N". Non-finite numbers print as Python does: nan,
// inf, -inf.
func WriteTable(w io.Writer, s Summary, divergences int) error {
	bw := bufio.NewWriter(w)
	width := 10
	for _, v := range s {
		width = max(width, len(v.Name))
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "%*s", width, "")
	for _, c := range tableColumns {
		fmt.Fprintf(bw, " %9s", c)
	}
	fmt.Fprintln(bw)
	for _, v := range s {
		fmt.Fprintf(bw, "%*s", width, v.Name)
		for _, x := range [...]float64{v.Mean, v.SD, v.Median, v.Q5, v.Q95, v.ESSBulk, v.Rhat} {
			fmt.Fprintf(bw, " %9s", fixed2(x))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "Number of divergences: %d\n", divergences)
	return bw.Flush()
}

// fixed2 formats x as Python's "{:.2f}" does.
func fixed2(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return fmt.Sprintf("%.2f", x)
}
