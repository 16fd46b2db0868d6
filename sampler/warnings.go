package sampler

import "fmt"

// Warnings returns the notes Stan prints about this configuration before
// sampling (windowed_adaptation.hpp's set_window_params): that no metric is
// estimated when 0 < Warmup < 20, or that the adaptation windows shrink to
// 15%/75%/10% of a warmup shorter than 75 + 25 + 50 iterations. The run
// itself proceeds either way; the command line prints these once.
func (c *Config) Warnings() []string {
	if c.Warmup == 0 || c.Metric == Unit || c.Adapt != AdaptStan || c.AdaptFrom != nil {
		return nil // no adaptation, step size only, or not Stan's windows
	}
	name := "variance"
	if c.Metric == Dense {
		name = "covariance"
	}
	if c.Warmup < MinWarmupForMetric {
		return []string{fmt.Sprintf("no %s estimation is performed for warmup < %d (warmup = %d): only the step size adapts",
			name, MinWarmupForMetric, c.Warmup)}
	}
	if c.Warmup >= c.InitBuffer()+AdaptWindow+AdaptTermBuffer {
		return nil
	}
	w := c.windows()
	return []string{fmt.Sprintf("there aren't enough warmup iterations (%d) to fit the three stages of adaptation "+
		"(%d + %d + %d); reducing each stage to 15%%/75%%/10%% of warmup: init_buffer = %d, adapt_window = %d, term_buffer = %d",
		c.Warmup, c.InitBuffer(), AdaptWindow, AdaptTermBuffer, w.initBuffer, w.baseWindow, w.termBuffer)}
}
