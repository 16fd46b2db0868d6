package diagnostics

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// TestCell: two decimals where they fit and say something, more for a
// small sd, fewer or scientific notation for numbers too wide for the
// column; never wider than cellWidth.
func TestCell(t *testing.T) {
	tests := []struct {
		x    float64
		d    int
		want string
	}{
		{4.3912, 2, "4.39"},
		{-0.001, 2, "-0.00"}, // NumPyro's, as in the seed's table
		{104241.04, 2, "104241.04"},
		{1234567.891, 2, "1234567.9"},
		{-1234567.891, 2, "-1234568"},
		{853424232.53, 2, "853424233"},
		{-853424232.53, 2, "-8.53e+08"},
		{1.5e20, 2, "1.500e+20"},
		{-2.5e21, 2, "-2.50e+21"},
		{1e-300, 2, "0.00"},
		{0.004, 4, "0.0040"},
		{-0.0123, 4, "-0.0123"},
		{1.3e-12, 13, "1.300e-12"},
		{-1e-300, 302, "-1.0e-300"},
		{5.0000000000021, 13, "5.0000000"},
		{0.25, 13, "0.2500000"},
		{0, 13, "0.0000000"},
		{math.NaN(), 2, "nan"},
		{math.Inf(1), 2, "inf"},
		{math.Inf(-1), 5, "-inf"},
	}
	for _, tt := range tests {
		got := cell(tt.x, tt.d)
		if got != tt.want {
			t.Errorf("cell(%v, %d) = %q; want %q", tt.x, tt.d, got, tt.want)
		}
		if len(got) > cellWidth {
			t.Errorf("cell(%v, %d) = %q: wider than %d", tt.x, tt.d, got, cellWidth)
		}
	}
}

func TestRowDecimals(t *testing.T) {
	tests := []struct {
		sd   float64
		want int
	}{
		{3.19, 2}, {0.1, 2}, {0.53, 2}, {0.099, 3}, {0.004, 4}, {1.3e-12, 13},
		{0, 2}, {math.NaN(), 2}, {math.Inf(1), 2}, {2e20, 2},
	}
	for _, tt := range tests {
		if got := rowDecimals(tt.sd); got != tt.want {
			t.Errorf("rowDecimals(%v) = %d; want %d", tt.sd, got, tt.want)
		}
	}
}

// TestTableScales: quantities on tiny and huge scales keep their digits
// and the columns stay aligned: every row as long as the header, eight
// fields each.
func TestTableScales(t *testing.T) {
	s := Summary{
		{Name: "mu", Mean: 4.39, SD: 3.3, Median: 4.4, Q5: -1, Q95: 9.83, ESSBulk: 35585.46, Rhat: 1.0001},
		{Name: "small", Mean: 0.0123, SD: 0.00404, Median: 0.0121, Q5: 0.0057, Q95: 0.0189, ESSBulk: 3456.78, Rhat: 1.002},
		{Name: "tiny", Mean: 5 + 2.1e-12, SD: 1.3e-12, Median: 5, Q5: 5 - 2e-12, Q95: 5 + 4.2e-12, ESSBulk: 812.3, Rhat: 1.01},
		{Name: "large", Mean: 853424232.53, SD: 12345.6, Median: 853420000.1, Q5: 853400000, Q95: 853450000, ESSBulk: 1234567.89, Rhat: 1},
		{Name: "huge", Mean: 1.5e20, SD: 3e19, Median: 1.49e20, Q5: -2.5e20, Q95: 2.1e20, ESSBulk: 12.5, Rhat: 3.2e7},
		{Name: "fixed", Mean: 1, SD: 0, Median: 1, Q5: 1, Q95: 1, ESSBulk: math.NaN(), Rhat: math.NaN()},
	}
	var b bytes.Buffer
	if err := WriteTable(&b, s, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	header := lines[1]
	for _, line := range lines[2 : 2+len(s)] {
		if len(line) != len(header) || len(strings.Fields(line)) != 8 {
			t.Errorf("row %q is not aligned with the header %q", line, header)
		}
	}
	golden(t, "summary_table_scales.golden", b.Bytes())
}
