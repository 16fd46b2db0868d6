package diagnostics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
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
// right-aligned and each number in 9 characters (cell); a blank line; then
// "Number of divergences: N".
//
// Numbers print as NumPyro's "%9.2f" where that fits and the two decimals
// say something: the eight schools table is NumPyro's, byte for byte. A
// quantity whose sd is below 0.1 gets more decimals in its first five
// columns (rowDecimals), so that an sd of 0.004 does not print as 0.00;
// a number too wide for 9 characters drops decimals, down to none when
// its integer part fits (853424233), else prints in scientific notation
// (1.500e+20), so that the columns stay aligned.
func WriteTable(w io.Writer, s Summary, divergences int) error {
	bw := bufio.NewWriter(w)
	width := 10
	for _, v := range s {
		width = max(width, len(v.Name))
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "%*s", width, "")
	for _, c := range tableColumns {
		fmt.Fprintf(bw, " %*s", cellWidth, c)
	}
	fmt.Fprintln(bw)
	for _, v := range s {
		fmt.Fprintf(bw, "%*s", width, v.Name)
		d := rowDecimals(v.SD)
		for _, x := range [...]float64{v.Mean, v.SD, v.Median, v.Q5, v.Q95} {
			fmt.Fprintf(bw, " %*s", cellWidth, cell(x, d))
		}
		for _, x := range [...]float64{v.ESSBulk, v.Rhat} {
			fmt.Fprintf(bw, " %*s", cellWidth, cell(x, 2))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "Number of divergences: %d\n", divergences)
	return bw.Flush()
}

// cellWidth is the width of a number column, NumPyro's 9.
const cellWidth = 9

// rowDecimals is how many decimals a quantity's mean, sd, median and
// quantiles get: 2, or as many as show its sd to two significant digits
// when the sd is below 0.1 (0.0040 for 0.004). A zero or undefined sd (a
// constant quantity) gets 2.
func rowDecimals(sd float64) int {
	if !(sd > 0) || math.IsInf(sd, 0) {
		return 2
	}
	return max(2, 1-int(math.Floor(math.Log10(sd))))
}

// cell formats x in at most cellWidth characters: with d decimals as "%.*f"
// when that fits; else with the most decimals below d that fit, as long as
// they leave x two significant digits (853424232.53 prints as 853424233,
// but 1e-12 never as 0.0000000); else in scientific notation with as many
// digits as fit. Non-finite numbers print as Python does: nan, inf, -inf.
//
// Special cases: d decimals that fit are kept even where they round x to
// zero (a mean of 0.001 beside an sd of 1 prints as 0.00: the row's scale
// says those digits are noise).
func cell(x float64, d int) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if s := strconv.FormatFloat(x, 'f', d, 64); len(s) <= cellWidth {
		return s
	}
	for k := d - 1; k >= 0 && (x == 0 || math.Abs(x)*math.Pow10(k) >= 10); k-- {
		if s := strconv.FormatFloat(x, 'f', k, 64); len(s) <= cellWidth {
			return s
		}
	}
	for k := 3; k > 0; k-- {
		if s := strconv.FormatFloat(x, 'e', k, 64); len(s) <= cellWidth {
			return s
		}
	}
	return strconv.FormatFloat(x, 'e', 0, 64)
}
