package diagnostics

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// summaryFields are the keys of WriteSummaryCSV's columns and
// WriteSummaryJSON's objects, in order. They are posterior's
// summarise_draws names. Tools read these files by these names: they are
// stable, and new fields are only ever appended.
var summaryFields = [...]string{
	"variable", "mean", "sd", "median", "q5", "q95",
	"ess_bulk", "ess_tail", "rhat", "mcse_mean", "mcse_sd",
}

func (v VarSummary) values() [10]float64 {
	return [...]float64{v.Mean, v.SD, v.Median, v.Q5, v.Q95, v.ESSBulk, v.ESSTail, v.Rhat, v.MCSEMean, v.MCSESD}
}

// WriteSummaryCSV writes s as CSV: a header row
//
//	variable,mean,sd,median,q5,q95,ess_bulk,ess_tail,rhat,mcse_mean,mcse_sd
//
// then one row per quantity, variable being its Stan name (theta[1]).
// Numbers are printed with the fewest digits that read back to the same
// float64; undefined values as NaN, infinities as Inf and -Inf, which R,
// pandas and Go's strconv all read. Names with commas or quotes are quoted.
func WriteSummaryCSV(w io.Writer, s Summary) error {
	bw := bufio.NewWriter(w)
	for i, f := range summaryFields {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString(f)
	}
	bw.WriteByte('\n')
	var buf []byte
	for _, v := range s {
		bw.WriteString(csvQuote(v.Name))
		for _, x := range v.values() {
			buf = append(buf[:0], ',')
			buf = appendCSVFloat(buf, x)
			bw.Write(buf)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// WriteSummaryJSON writes s as a JSON array with one object per quantity, in
// order, each with exactly these keys in this order:
//
//	variable   string  Stan name, 1-based indices ("theta[1]")
//	mean       number  mean of the pooled draws
//	sd         number  standard deviation (denominator n-1)
//	median     number
//	q5, q95    number  type-7 quantiles
//	ess_bulk   number  bulk effective sample size
//	ess_tail   number  tail effective sample size
//	rhat       number  rank-normalised split R-hat
//	mcse_mean  number  Monte Carlo standard error of the mean
//	mcse_sd    number  Monte Carlo standard error of the sd
//
// Undefined or infinite values, which JSON cannot hold, are null. Numbers
// use the fewest digits that read back to the same float64.
func WriteSummaryJSON(w io.Writer, s Summary) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("[")
	var buf []byte
	for i, v := range s {
		if i > 0 {
			bw.WriteString(",")
		}
		buf = append(buf[:0], "\n  {\"variable\": "...)
		buf = strconv.AppendQuote(buf, v.Name)
		for k, x := range v.values() {
			buf = append(buf, ", \""...)
			buf = append(buf, summaryFields[k+1]...)
			buf = append(buf, "\": "...)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				buf = append(buf, "null"...)
			} else {
				buf = strconv.AppendFloat(buf, x, 'g', -1, 64)
			}
		}
		buf = append(buf, '}')
		bw.Write(buf)
	}
	if len(s) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func appendCSVFloat(buf []byte, x float64) []byte {
	switch {
	case math.IsNaN(x):
		return append(buf, "NaN"...)
	case math.IsInf(x, 1):
		return append(buf, "Inf"...)
	case math.IsInf(x, -1):
		return append(buf, "-Inf"...)
	}
	return strconv.AppendFloat(buf, x, 'g', -1, 64)
}

// csvQuote quotes a field as RFC 4180 asks when it holds a comma, quote or
// line break (Stan names never do; user-supplied CSV names might).
func csvQuote(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			q := []byte{'"'}
			for j := 0; j < len(s); j++ {
				if s[j] == '"' {
					q = append(q, '"')
				}
				q = append(q, s[j])
			}
			return string(append(q, '"'))
		}
	}
	return s
}
