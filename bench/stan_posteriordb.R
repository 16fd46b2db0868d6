# Stan's side of bench/posteriordb.sh (`make bench-posteriordb`): one
# posteriordb posterior through rstan on one core. Adapted from the project's
# shared harness, ../shared/bench/stan_posteriordb.R (the Stan 2.21 syntax
# conversion and the posterior summaries are its own); this copy adds the
# gradient counts per phase and the mean check, and caches compiled models in
# a folder the caller names.
#
# Usage: Rscript bench/stan_posteriordb.R CACHE_DIR SEED CHAINS WARMUP SAMPLES POSTERIOR_DIR
#
# It converts POSTERIOR_DIR/model.bym (the program bayes samples, in modern
# syntax; model.stan where there is no model.bym, as in the corpus) to Stan
# 2.21's `T name[dims]` arrays, compiles it (cached in
# CACHE_DIR by the md5 of the converted source: the first run of a model
# compiles it, about a minute), samples CHAINS chains x (WARMUP + SAMPLES)
# one chain after another (cores = 1) with the adapt_delta and max_treedepth
# of the reference run (reference.json -> reference_method$control; Stan's
# defaults 0.8 and 10 where absent, or where there is no reference.json),
# and prints one JSON line on stdout
# (everything else goes to stderr):
#
#   status        "ok", or "error: ..." (the other fields may then be absent)
#   wall_s        the sampling() call alone (no R start-up, data loading or compile)
#   sampler_s     sum over chains of get_elapsed_time(), warmup + sampling
#   gradients     sum of n_leapfrog__ over warmup and sampling iterations
#                 (get_sampler_params(inc_warmup = TRUE)); Stan's initialisation
#                 and step-size search are not in n_leapfrog__
#   min_ess_bulk, min_ess_bulk_par   posterior::ess_bulk's minimum over
#                 reference.json's names (without one: over every quantity
#                 but lp__ whose ESS is defined)
#   max_abs_z, max_abs_z_par   the largest |mean - reference mean| / reference sd
#   divergences   post-warmup divergent transitions
#   compile_s, cached, rstan   compile time (0 when cached) and rstan's version
suppressPackageStartupMessages({
  library(rstan)
  library(posterior)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 6) {
  stop("usage: Rscript stan_posteriordb.R CACHE_DIR SEED CHAINS WARMUP SAMPLES POSTERIOR_DIR")
}
cache <- args[[1]]
seed <- as.integer(args[[2]])
chains <- as.integer(args[[3]])
warmup <- as.integer(args[[4]])
samples <- as.integer(args[[5]])
dir <- args[[6]]

sink(stderr())
emit <- function(r) {
  sink()
  cat(toJSON(r, auto_unbox = TRUE, digits = NA, na = "null"), "\n", sep = "")
}

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "stan_common.R"))
use_system_boost(cache, auto_write = FALSE)

r <- list(status = "error", rstan = as.character(packageVersion("rstan")))
r <- tryCatch({
  model <- file.path(dir, c("model.bym", "model.stan"))
  model <- model[file.exists(model)][1]
  if (is.na(model)) stop("no model.bym or model.stan in ", dir)
  if (!file.exists(file.path(dir, "data.json"))) stop("no data.json in ", dir)
  has_ref <- file.exists(file.path(dir, "reference.json"))
  ref <- if (has_ref) fromJSON(file.path(dir, "reference.json"), simplifyVector = FALSE) else list()
  ctl <- ref$reference_method$control
  adapt_delta <- if (is.null(ctl$adapt_delta)) 0.8 else ctl$adapt_delta
  max_treedepth <- if (is.null(ctl$max_treedepth)) 10 else ctl$max_treedepth
  pars <- vapply(ref$parameters, function(p) p$name, "")
  data <- read_stan_data(file.path(dir, "data.json"))
  cm <- cached_model(cache, model, gsub("[^A-Za-z0-9_]", "_", basename(normalizePath(dir))))
  r$compile_s <- cm$compile_s
  r$cached <- cm$cached
  wall <- system.time(fit <- sampling(cm$sm, data = data, chains = chains,
                                      iter = warmup + samples, warmup = warmup,
                                      cores = 1, seed = seed, refresh = 0,
                                      control = list(adapt_delta = adapt_delta,
                                                     max_treedepth = max_treedepth)))[["elapsed"]]
  if (fit@mode != 0) stop("sampling failed (no draws)")
  sp <- get_sampler_params(fit, inc_warmup = TRUE)
  post <- (warmup + 1):(warmup + samples)
  arr <- as.array(fit)
  if (!has_ref) pars <- setdiff(dimnames(arr)[[3]], "lp__")
  miss <- setdiff(pars, dimnames(arr)[[3]])
  if (length(miss)) stop("reference names missing from the fit: ", paste(miss, collapse = " "))
  draws <- as_draws_array(arr[, , pars, drop = FALSE])
  ess <- vapply(pars, function(p) ess_bulk(extract_variable_matrix(draws, p)), 0)
  ess[!is.finite(ess)] <- NA
  z <- vapply(ref$parameters, function(p) {
    abs(mean(extract_variable_matrix(draws, p$name)) - p$mean) / p$sd
  }, 0)
  r$wall_s <- round(wall, 3)
  r$sampler_s <- sum(get_elapsed_time(fit))
  r$gradients <- sum(vapply(sp, function(p) sum(p[, "n_leapfrog__"]), 0))
  r$min_ess_bulk <- min(ess, na.rm = TRUE)
  r$min_ess_bulk_par <- pars[which.min(ess)]
  r$max_abs_z <- if (length(z)) max(z) else 0
  r$max_abs_z_par <- if (length(z)) pars[which.max(z)] else ""
  r$divergences <- sum(vapply(sp, function(p) sum(p[post, "divergent__"]), 0))
  r$status <- "ok"
  r
}, error = function(e) {
  r$status <- paste("error:", gsub("\\s+", " ", conditionMessage(e)))
  r
})
emit(r)
