# Stan's cost per gradient on one program, for bench/ode_cost.sh: rstan 2.21
# samples CHAINS x (WARMUP + SAMPLES) one chain after another (cores = 1) and
# the cost is the sum of get_elapsed_time() over the sum of n_leapfrog__
# (warmup included), the same quotient as bayes' run.seconds / run.gradients.
#
# Usage: Rscript bench/stan_gradient_cost.R CACHE_DIR SEED CHAINS WARMUP SAMPLES MODEL.stan DATA.json
#
# MODEL.stan is in modern syntax (posteriordb's); it is converted to Stan
# 2.21's (`array[N] real x` -> `real x[N]`, `array[] real` -> `real[]`) and
# compiled once, cached in CACHE_DIR by the md5 of the converted source. One
# JSON line on stdout: status, sampler_s, gradients, us_per_gradient, means
# (each scalar parameter's posterior mean, to check both fitted the same
# posterior), divergences.
suppressPackageStartupMessages({
  library(rstan)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 7) {
  stop("usage: Rscript stan_gradient_cost.R CACHE_DIR SEED CHAINS WARMUP SAMPLES MODEL.stan DATA.json")
}
cache <- args[[1]]
seed <- as.integer(args[[2]])
chains <- as.integer(args[[3]])
warmup <- as.integer(args[[4]])
samples <- as.integer(args[[5]])
model <- args[[6]]
data_file <- args[[7]]

sink(stderr())
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "stan_common.R"))
use_system_boost(cache, auto_write = FALSE)

sm <- cached_model(cache, model)$sm
data <- read_stan_data(data_file)
fit <- sampling(sm, data = data, chains = chains, iter = warmup + samples,
                warmup = warmup, cores = 1, seed = seed, refresh = 0)
sp <- get_sampler_params(fit, inc_warmup = TRUE)
post <- (warmup + 1):(warmup + samples)
s <- summary(fit)$summary
scalar <- rownames(s)[!grepl("\\[", rownames(s)) & rownames(s) != "lp__"]
r <- list(status = "ok",
          sampler_s = sum(get_elapsed_time(fit)),
          gradients = sum(vapply(sp, function(p) sum(p[, "n_leapfrog__"]), 0)),
          divergences = sum(vapply(sp, function(p) sum(p[post, "divergent__"]), 0)),
          means = as.list(s[scalar, "mean"]))
r$us_per_gradient <- 1e6 * r$sampler_s / r$gradients
sink()
cat(toJSON(r, auto_unbox = TRUE, digits = NA), "\n", sep = "")
