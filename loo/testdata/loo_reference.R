# Reference values for package loo's tests: R's loo package (Debian
# r-cran-loo 2.5.1-1 on r-base-core 4.2.2) on the draws in runs/, written by
#   bayes sample eight_schools_loo.bym --data schools.json --chains 4 --warmup 1000 --samples 350 --adapt-delta 0.95 --seed 17 --output-dir runs/eight_schools
#   bayes sample pooled_loo.bym --data schools.json --chains 4 --warmup 500 --samples 350 --seed 17 --output-dir runs/pooled
#   bayes sample pooled_loo.bym --data schools_outlier.json --chains 4 --warmup 500 --samples 350 --seed 17 --output-dir runs/pooled_outlier
# (then gzip -9 runs/*/*.csv). Regenerate with
#   cd loo/testdata && Rscript loo_reference.R > loo_reference.csv
# r_eff is relative_eff(exp(log_lik)) from the chains, as loo's documentation
# does it; loo() is given it explicitly.
suppressMessages(library(loo))

# read_run returns the log_lik draws of a run as loo wants them: an array
# iterations x chains x observations, chains in file order (_1 to _4).
read_run <- function(dir) {
  files <- sort(list.files(dir, pattern = "\\.csv\\.gz$", full.names = TRUE))
  chains <- lapply(files, function(f) read.csv(gzfile(f), comment.char = "#"))
  cols <- grep("^log_lik\\.", names(chains[[1]]), value = TRUE)
  a <- array(NA_real_, dim = c(nrow(chains[[1]]), length(chains), length(cols)))
  for (c in seq_along(chains)) a[, c, ] <- as.matrix(chains[[c]][, cols])
  a
}

out <- function(run, what, i, v) {
  cat(sprintf("%s,%s,%d,%.17g\n", run, what, i, v), sep = "")
}

cat("run,what,i,value\n")
cat(sprintf("# loo %s, R %s\n", packageVersion("loo"), getRversion()), file = stderr())
runs <- c("eight_schools", "pooled", "pooled_outlier")
fits <- list()
for (run in runs) {
  ll <- read_run(file.path("runs", run))
  r_eff <- relative_eff(exp(ll))
  fit <- suppressWarnings(loo(ll, r_eff = r_eff))
  fits[[run]] <- fit
  est <- fit$estimates
  for (q in c("elpd_loo", "p_loo", "looic")) {
    out(run, q, 0, est[q, "Estimate"])
    out(run, paste0("se_", q), 0, est[q, "SE"])
  }
  pw <- fit$pointwise
  for (j in seq_len(nrow(pw))) {
    out(run, "pointwise_elpd_loo", j, pw[j, "elpd_loo"])
    out(run, "pointwise_p_loo", j, pw[j, "p_loo"])
    out(run, "pointwise_looic", j, pw[j, "looic"])
    out(run, "pareto_k", j, pw[j, "influence_pareto_k"])
    out(run, "n_eff", j, fit$diagnostics$n_eff[j])
    out(run, "r_eff", j, r_eff[j])
  }
}

# loo_compare of the two models of the same data, best first.
cmp <- loo_compare(list(eight_schools = fits[["eight_schools"]], pooled = fits[["pooled"]]))
for (j in seq_len(nrow(cmp))) {
  out(paste0("compare_", rownames(cmp)[j]), "elpd_diff", j, cmp[j, "elpd_diff"])
  out(paste0("compare_", rownames(cmp)[j]), "se_diff", j, cmp[j, "se_diff"])
}
