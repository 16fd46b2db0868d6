//go:build validate

package validation

// slowEnabled runs the slow posteriors too; `make validate` sets the tag.
const slowEnabled = true
