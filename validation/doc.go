// Package validation holds end-to-end statistical tests of bayes against
// gold-standard posteriors; it has no code of its own. The comparison rule
// they apply is package validation/posteriordb, which the corpus harness
// (validation/corpus, `make corpus`) applies too.
package validation
