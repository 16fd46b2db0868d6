// Package loo estimates how well a model predicts data it was not fitted
// to, from its posterior draws alone: Pareto-smoothed importance-sampling
// leave-one-out cross-validation (PSIS-LOO; Vehtari, Gelman and Gabry 2017,
// "Practical Bayesian model evaluation using leave-one-out cross-validation
// and WAIC", Statistics and Computing 27). It is what bayes loo prints.
//
// Input is the pointwise log-likelihood: for each observation i, the draws
// of log p(y_i | θ) as [chain][iteration], usually a generated quantity
// log_lik read from a run's files (ReadLogLik). Output is a Result: the
// expected log pointwise predictive density elpd_loo, the effective number
// of parameters p_loo and looic = -2 elpd_loo, each with its standard
// error, and per observation the Pareto k diagnostic that says whether its
// importance sampling can be trusted. Compare ranks several models fitted
// to the same data by elpd_loo, with the standard error of each difference.
//
// The numbers reproduce R's loo package 2.5.1 (Debian r-cran-loo): its
// relative_eff (from the chains, on exp(log_lik)), psis and loo, and
// loo_compare, to 1e-6 (loo_test.go, against testdata/loo_reference.csv and
// the R script beside it). The Pareto k thresholds are 2.5.1's too: k <= 0.5
// good, 0.5 < k <= 0.7 ok, 0.7 < k <= 1 bad, k > 1 very bad. (The
// sample-size dependent threshold min(1 - 1/log10(S), 0.7) of Vehtari et
// al. 2024, "Pareto smoothed importance sampling", JMLR 25, came in loo
// 2.7.0.)
package loo
