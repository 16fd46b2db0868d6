package sampler

// Kernel is a differentiable log density on R^Dim (the unconstrained space,
// Jacobians included).
//
// A Kernel is not safe for concurrent use: [Run] asks its factory for one per
// chain and uses each from one goroutine at a time.
type Kernel interface {
	Dim() int
	// LogDensityGrad writes d/dq log p(q) into grad (len Dim) and returns
	// log p(q). A non-finite return (NaN, -Inf, +Inf) means q is outside the
	// support or evaluation failed; grad is then unspecified.
	LogDensityGrad(grad, q []float64) float64
}
