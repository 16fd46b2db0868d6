package diagnostics

import (
	"math"
	"testing"
)

func TestEBFMI(t *testing.T) {
	tests := []struct {
		name   string
		energy []float64
		want   float64
	}{
		// By hand: successive differences 1, 2, 3 give 14; mean 3.5,
		// deviations -2.5, -1.5, 0.5, 3.5 give 21; 14/21 = 2/3. (ArviZ
		// 0.x bfmi, mean over mean, gives 2/3 * 4/3 = 8/9.)
		{"hand", []float64{1, 2, 4, 7}, 2.0 / 3},
		// Alternating: differences ±2 give 3*4 = 12; deviations ±1 give 4; 3.
		{"alternating", []float64{1, 3, 1, 3}, 3},
		{"constant", []float64{5, 5, 5}, math.NaN()},
		{"one", []float64{5}, math.NaN()},
		{"empty", nil, math.NaN()},
		{"NaN", []float64{1, math.NaN(), 2}, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EBFMI(tt.energy)
			if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tt.want) > 1e-15) {
				t.Errorf("EBFMI(%v) = %v; want %v", tt.energy, got, tt.want)
			}
		})
	}
}
