// Package validation holds end-to-end statistical tests of bayes against
// gold-standard posteriors; it has no code of its own.
package validation
