package plot

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// chainColors is the Tableau 10 palette (Maureen Stone, 2016), chosen to
// tell ten lines apart, also with the common colour-vision deficiencies
// better than the default. Chains beyond ten reuse the colours.
var chainColors = []color.NRGBA{
	{0x4e, 0x79, 0xa7, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0x59, 0xa1, 0x4f, 0xff},
	{0xb0, 0x7a, 0xa1, 0xff}, {0x76, 0xb7, 0xb2, 0xff}, {0xed, 0xc9, 0x48, 0xff},
	{0x9c, 0x75, 0x5f, 0xff}, {0xff, 0x9d, 0xa7, 0xff}, {0xe1, 0x57, 0x59, 0xff},
	{0xba, 0xb0, 0xac, 0xff},
}

// maxLegendChains caps the chain legend; with more chains the last entry
// says how many more there are (their colours repeat).
const maxLegendChains = 10

// Special colours: divergent draws in red as in Stan's and ArviZ's pairs
// plots, other draws in translucent dark blue, reference lines in black.
var (
	divergentColor = color.NRGBA{0xd6, 0x27, 0x28, 0xff}
	drawColor      = color.NRGBA{0x1f, 0x3b, 0x73, 0x50}
	refColor       = color.NRGBA{0x20, 0x20, 0x20, 0xff}
)

// chainColor is the colour of chain c (0-based), at the given opacity.
func chainColor(c int, alpha uint8) color.NRGBA {
	col := chainColors[c%len(chainColors)]
	col.A = alpha
	return col
}

// chainLine is the line style of chain c.
func chainLine(c int, width vg.Length, alpha uint8) draw.LineStyle {
	return draw.LineStyle{Color: chainColor(c, alpha), Width: width}
}

// chainLegend returns the legend entries "chain 1".."chain n", capped at
// maxLegendChains.
func chainLegend(chains int) []LegendEntry {
	var out []LegendEntry
	for c := 0; c < min(chains, maxLegendChains); c++ {
		out = append(out, LegendEntry{
			Label: fmt.Sprintf("chain %d", c+1),
			Thumb: &plotter.Line{LineStyle: chainLine(c, vg.Points(2), 0xff)},
		})
	}
	if chains > maxLegendChains {
		out = append(out, LegendEntry{
			Label: fmt.Sprintf("+%d more (colours repeat)", chains-maxLegendChains),
		})
	}
	return out
}

// xys turns y values at x = 0, 1, ... (or the given x) into plotter points.
func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(y))
	for i := range y {
		pts[i].Y = y[i]
		if x != nil {
			pts[i].X = x[i]
		} else {
			pts[i].X = float64(i)
		}
	}
	return pts
}
