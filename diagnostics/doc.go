// Package diagnostics turns MCMC draws into the numbers people and other
// tools read: convergence diagnostics (rank-normalised split R-hat, nested
// R-hat, bulk and tail effective sample size, Monte Carlo standard
// errors), per-parameter summaries, the NumPyro-style summary table,
// summary CSV/JSON, the warnings with their remedies and the JSON report.
//
// Input is plain data: the draws of one scalar quantity as [][]float64
// indexed [chain][iteration], every chain the same length, named in a
// Column; Columns and WarningInputFromStanCSV take them from the chains of
// a run read by package runfiles, which reads and writes the files. Output
// is plain structs and writers. The package knows nothing of the model
// language, the compiler or the sampler.
//
// The diagnostics follow Vehtari, Gelman, Simpson, Carpenter and Bürkner
// (2021), "Rank-normalization, folding, and localization: an improved R-hat
// for assessing convergence of MCMC", Bayesian Analysis 16(2), and reproduce
// the R package posterior (1.4.0, the functions rhat, ess_bulk, ess_tail,
// ess_basic, mcse_mean, mcse_sd, mcse_quantile) to 1e-6 relative; see
// diagnostics_test.go for the golden comparison.
package diagnostics
