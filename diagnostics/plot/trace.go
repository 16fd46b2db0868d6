package plot

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Trace draws one panel per quantity: the draws of each chain against the
// iteration, chains coloured. Well-mixed chains overlap as one band
// ("hairy caterpillar"); a chain stuck or drifting stands out. specs
// choose the quantities (see Run.selectSeries); none means all, capped at
// MaxPanels.
func Trace(r *Run, specs ...string) (*Figure, error) {
	ss, err := r.selectSeries(specs)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	ss, note := capPanels(ss, "quantities")
	drawn, note := capChains(r.chains(), note)
	width, alpha := vg.Points(0.8), uint8(0xc0)
	if r.chains() > 4 {
		alpha = 0x90
	}
	panels := make([]*plot.Plot, len(ss))
	for k, s := range ss {
		p := newPanel(s.label, "iteration", "value")
		for c, d := range s.draws[:drawn] {
			l, err := plotter.NewLine(xys(nil, d))
			if err != nil {
				return nil, fmt.Errorf("trace: %s: %w", s.label, err)
			}
			l.LineStyle = chainLine(c, width, alpha)
			p.Add(l)
		}
		panels[k] = p
	}
	title := fmt.Sprintf("Trace (%d chains, %d draws each)", r.chains(), r.iterations())
	return newFigure(title, chainLegend(drawn), note, panels), nil
}
