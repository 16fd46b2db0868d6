package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Layout limits. A figure shows at most MaxPanels panels, in at most
// MaxCols columns, so that it fits a screen with readable tick labels; the
// quantities left out are named in the figure's note.
const (
	MaxCols   = 4
	MaxPanels = 16
)

// Sizes: one panel alone is 8x6 in; in a grid each panel is at least 3 in
// wide (4 columns make 12 in, 1152 px at the PNG's 96 dpi), 3:4 high.
const (
	singleWidth  = 8 * vg.Inch
	singleHeight = 6 * vg.Inch
	minPanelW    = 3 * vg.Inch
)

// Font sizes: the figure title, the panel titles and axis labels, the tick
// labels and the legend.
const (
	titleSize  = 14
	labelSize  = 10
	tickSize   = 8
	legendSize = 10
)

// A LegendEntry is one item of a figure's legend: a label and the sample
// of the style it stands for (none when Thumb is nil).
type LegendEntry struct {
	Label string
	Thumb plot.Thumbnailer
}

// Figure is a multi-panel plot: a title, a legend shared by the panels
// drawn in a row under the title (so it never covers data), the panels in
// a grid, and a note at the bottom.
type Figure struct {
	Title string
	// Subtitle is a list of short items (the E-BFMI of each chain) drawn
	// under the title in a smaller font, as many to a line as fit the
	// figure's width, so that no list is clipped at its edges.
	Subtitle []string
	Legend   []LegendEntry
	Panels   []*plot.Plot
	// Cols is the number of grid columns (at most MaxCols).
	Cols int
	// Note is a line under the panels, e.g. which quantities were left out.
	Note string
	// Width and Height are the size Save writes.
	Width, Height vg.Length
}

// newFigure lays out n panels: one panel gets 8x6 in, more a grid of at
// most MaxCols columns, with room for the title, legend and note.
func newFigure(title string, legend []LegendEntry, note string, panels []*plot.Plot) *Figure {
	f := &Figure{Title: title, Legend: legend, Note: note, Panels: panels}
	n := len(panels)
	if n <= 1 {
		f.Cols, f.Width, f.Height = 1, singleWidth, singleHeight
		for _, p := range panels {
			// One large panel: the fonts of a 12-in-wide grid would look small.
			for _, a := range []*plot.Axis{&p.X, &p.Y} {
				a.Label.TextStyle.Font.Size = labelSize + 2
				a.Tick.Label.Font.Size = tickSize + 2
			}
			p.Title.TextStyle.Font.Size = labelSize + 3
		}
		return f
	}
	f.Cols = min(n, MaxCols)
	if n > MaxCols {
		// A near-square grid: 5-9 panels in 3 columns, more in 4.
		f.Cols = min(MaxCols, int(math.Ceil(math.Sqrt(float64(n)))))
	}
	rows := (n + f.Cols - 1) / f.Cols
	w := max(minPanelW, singleWidth/vg.Length(f.Cols))
	f.Width = w * vg.Length(f.Cols)
	f.Height = w*3/4*vg.Length(rows) + f.header(f.Width) + f.footer()
	return f
}

// textStyle returns the plain text style of the given size.
func textStyle(size font.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(plot.DefaultFont, size),
		Handler: plot.DefaultTextHandler,
	}
}

// subtitleSize is the font size of the subtitle, and subtitleSep what
// separates its items on a line.
const (
	subtitleSize = labelSize + 1
	subtitleSep  = "    "
)

// subtitleLines breaks the subtitle's items into lines no wider than width
// (an item wider than that alone gets a line of its own).
func (f *Figure) subtitleLines(width vg.Length) []string {
	sty := textStyle(subtitleSize)
	var lines []string
	line := ""
	for _, item := range f.Subtitle {
		if line != "" && sty.Width(line+subtitleSep+item) > width {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += subtitleSep
		}
		line += item
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// textWidth is the width the title, subtitle and legend may take on a
// figure this wide: a margin of 10 points each side.
func textWidth(width vg.Length) vg.Length { return width - vg.Points(20) }

// header is the height of the title and legend band on a figure this wide.
func (f *Figure) header(width vg.Length) vg.Length {
	h := textStyle(titleSize).Height(f.Title) + vg.Points(8)
	if lines := f.subtitleLines(textWidth(width)); len(lines) > 0 {
		h += textStyle(subtitleSize).Height(strings.Join(lines, "\n")) + vg.Points(2)
	}
	if rows := len(f.legendRows(textWidth(width))); rows > 0 {
		h += (textStyle(legendSize).Height("X")+vg.Points(3))*vg.Length(rows) + vg.Points(3)
	}
	return h
}

// footer is the height of the note line under the panels.
func (f *Figure) footer() vg.Length {
	if f.Note == "" {
		return vg.Points(4)
	}
	return textStyle(labelSize).Height(f.Note) + vg.Points(6)
}

// Draw draws the figure on c. It clears the panels' titles while it draws
// them itself, so one figure must not be drawn by two goroutines at once.
func (f *Figure) Draw(c draw.Canvas) {
	c.Canvas.SetColor(color.White)
	c.Fill(c.Rectangle.Path())

	title := textStyle(titleSize)
	title.XAlign, title.YAlign = draw.XCenter, draw.YTop
	top := c.Max.Y - vg.Points(4)
	c.FillText(title, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, f.Title)
	top -= title.Height(f.Title) + vg.Points(4)
	if lines := f.subtitleLines(textWidth(c.Max.X - c.Min.X)); len(lines) > 0 {
		sub := textStyle(subtitleSize)
		sub.XAlign, sub.YAlign = draw.XCenter, draw.YTop
		text := strings.Join(lines, "\n")
		c.FillText(sub, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, text)
		top -= sub.Height(text) + vg.Points(2)
	}
	if len(f.Legend) > 0 {
		f.drawLegend(c, top)
	}

	body := c
	body.Max.Y = c.Max.Y - f.header(c.Max.X-c.Min.X)
	body.Min.Y = c.Min.Y + f.footer()
	if f.Note != "" {
		note := textStyle(labelSize)
		note.XAlign, note.YAlign = draw.XLeft, draw.YBottom
		c.FillText(note, vg.Point{X: c.Min.X + vg.Points(6), Y: c.Min.Y + vg.Points(3)}, f.Note)
	}
	if len(f.Panels) == 0 {
		return
	}
	cols := max(1, f.Cols)
	rows := (len(f.Panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range f.Panels {
		grid[i/cols][i%cols] = p
	}
	// Panel titles are drawn here, not by gonum, so that the titles of a
	// row line up and centre over the data area: gonum puts each title at
	// the top of its tile, which Align moves by the tick labels' overhang.
	titles := make([]string, len(f.Panels))
	var titleH vg.Length
	for i, p := range f.Panels {
		if p == nil {
			continue
		}
		titles[i], p.Title.Text = p.Title.Text, ""
		if titles[i] != "" {
			titleH = max(titleH, p.Title.TextStyle.Height(titles[i])+p.Title.Padding)
		}
	}
	defer func() {
		for i, p := range f.Panels {
			if p != nil {
				p.Title.Text = titles[i]
			}
		}
	}()
	tiles := draw.Tiles{
		Rows: rows, Cols: cols,
		PadX: vg.Points(14), PadY: vg.Points(10) + titleH,
		PadLeft: vg.Points(4), PadRight: vg.Points(10), PadTop: vg.Points(2) + titleH, PadBottom: vg.Points(2),
	}
	canvases := plot.Align(grid, tiles, body)
	for j, row := range grid {
		var top vg.Length
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
				top = max(top, canvases[j][i].Max.Y)
			}
		}
		for i, p := range row {
			if p == nil || titles[j*cols+i] == "" {
				continue
			}
			data := p.DataCanvas(canvases[j][i])
			sty := p.Title.TextStyle
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
			c.FillText(sty, vg.Point{X: (data.Min.X + data.Max.X) / 2, Y: top + p.Title.Padding}, titles[j*cols+i])
		}
	}
}

// Legend geometry: the thumbnail's width, the gap to its label, the space
// between entries.
var (
	legendThumbW = vg.Points(20)
	legendGap    = vg.Points(4)
	legendSpace  = vg.Points(14)
)

// width is the width of the entry's thumbnail and label.
func (e LegendEntry) width(sty text.Style) vg.Length {
	if e.Thumb == nil {
		return sty.Width(e.Label)
	}
	return legendThumbW + legendGap + sty.Width(e.Label)
}

// legendRows splits the legend into rows no wider than width.
func (f *Figure) legendRows(width vg.Length) [][]LegendEntry {
	sty := textStyle(legendSize)
	var rows [][]LegendEntry
	var row []LegendEntry
	var w vg.Length
	for _, e := range f.Legend {
		ew := e.width(sty)
		if len(row) > 0 && w+legendSpace+ew > width {
			rows, row, w = append(rows, row), nil, 0
		}
		if len(row) > 0 {
			w += legendSpace
		}
		row, w = append(row, e), w+ew
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// drawLegend draws the legend entries in centred rows, the first with its
// top at y.
func (f *Figure) drawLegend(c draw.Canvas, y vg.Length) {
	sty := textStyle(legendSize)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	h := sty.Height("X")
	for _, row := range f.legendRows(textWidth(c.Max.X - c.Min.X)) {
		var total vg.Length
		for i, e := range row {
			if i > 0 {
				total += legendSpace
			}
			total += e.width(sty)
		}
		x := (c.Min.X+c.Max.X)/2 - total/2
		for _, e := range row {
			tx := x
			if e.Thumb != nil {
				thumb := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
					Min: vg.Point{X: x, Y: y - h},
					Max: vg.Point{X: x + legendThumbW, Y: y},
				}}
				e.Thumb.Thumbnail(&thumb)
				tx += legendThumbW + legendGap
			}
			c.FillText(sty, vg.Point{X: tx, Y: y}, e.Label)
			x += e.width(sty) + legendSpace
		}
		y -= h + vg.Points(3)
	}
}

// Save writes the figure to path, as PNG (96 dpi) or SVG by the extension.
func (f *Figure) Save(path string) (err error) {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if format != "png" && format != "svg" {
		return fmt.Errorf("%s: cannot save a plot as %q; use a .png or .svg file name", path, filepath.Ext(path))
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.write(file, format); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// write renders the figure in the given format ("png" or "svg") to w.
func (f *Figure) write(w io.Writer, format string) error {
	c, err := draw.NewFormattedCanvas(f.Width, f.Height, format)
	if err != nil {
		return err
	}
	f.Draw(draw.New(c))
	_, err = c.WriteTo(w)
	return err
}

// newPanel returns a plot styled for a grid panel: small fonts, the title
// and axis labels given.
func newPanel(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = labelSize + 1
	p.Title.Padding = vg.Points(3)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Label.Padding = vg.Points(2)
		a.Tick.Label.Font.Size = tickSize
		a.Tick.Marker = shortTicks{}
	}
	return p
}

// shortTicks are gonum's default tick positions labelled with at most four
// significant digits and no trailing zeros ("25", not "25.00").
type shortTicks struct{}

// Ticks implements plot.Ticker.
func (shortTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		switch {
		case t.Label == "":
		case math.Abs(t.Value) < 1e-9*math.Abs(hi-lo):
			ticks[i].Label = "0" // a zero tick computed as 1e-17
		default:
			ticks[i].Label = strconv.FormatFloat(t.Value, 'g', 4, 64)
		}
	}
	return ticks
}

// maxDrawnChains caps the chains whose lines a trace, rank, density or
// autocorrelation plot draws: past a few dozen, lines only hide each other
// (and a run of 10,000 chains takes minutes to draw). The statistics
// still use every chain.
const maxDrawnChains = 32

// capChains returns how many chains to draw and, when not all, a note
// saying so (added to a panel cap's note), followed by more when given.
func capChains(chains int, note, more string) (int, string) {
	if chains <= maxDrawnChains {
		return chains, note
	}
	drawn := fmt.Sprintf("Drawing the first %d of %d chains.", maxDrawnChains, chains)
	if more != "" {
		drawn = strings.TrimSuffix(drawn, ".") + "; " + more
	}
	if note != "" {
		drawn = note + " " + drawn
	}
	return maxDrawnChains, drawn
}

// capPanels keeps the first MaxPanels series and returns the note that
// names how many were left out.
func capPanels(ss []series, what string) ([]series, string) {
	if len(ss) <= MaxPanels {
		return ss, ""
	}
	return ss[:MaxPanels], fmt.Sprintf("Showing the first %d of %d %s; choose %s by name to see the rest.",
		MaxPanels, len(ss), what, what)
}
