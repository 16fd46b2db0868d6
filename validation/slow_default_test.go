//go:build !validate

package validation

// slowEnabled is off in `make test`: the slow posteriors run under `make validate`.
const slowEnabled = false
