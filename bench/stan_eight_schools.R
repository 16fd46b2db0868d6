# Stan's side of bench/eight_schools.sh: the seed's non-centered eight
# schools through rstan, 8 chains x (1000 warmup + 5000 draws), one core,
# seed 1. Usage: Rscript stan_eight_schools.R MODEL.stan DATA.json CACHE_DIR
# It prints one line of key=value pairs for the shell script to read.
#
# The compiled model is cached in CACHE_DIR (rstan's auto_write writes an
# .rds beside the copied .stan file), so only the first run pays the ~45 s
# compile. Debian's r-cran-bh is an empty shim, so BH's boost is replaced by
# a folder holding a `boost` link to /usr/include/boost.
suppressPackageStartupMessages({
  library(rstan)
  library(posterior)
})
args <- commandArgs(trailingOnly = TRUE)
model_src <- args[[1]]
data_file <- args[[2]]
cache <- args[[3]]
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "stan_common.R"))
use_system_boost(cache, auto_write = TRUE)
model_file <- file.path(cache, basename(model_src))
if (!file.exists(model_file) || !identical(readLines(model_file), readLines(model_src))) {
  file.copy(model_src, model_file, overwrite = TRUE)
}
compile <- system.time(model <- stan_model(model_file))[["elapsed"]]
data <- jsonlite::fromJSON(data_file)

wall <- system.time(
  fit <- sampling(model, data = data, chains = 8, warmup = 1000, iter = 6000,
                  seed = 1, cores = 1, refresh = 0)
)[["elapsed"]]

elapsed <- get_elapsed_time(fit) # per chain: warmup, sample (seconds)
sp_all <- get_sampler_params(fit, inc_warmup = TRUE)
sp_post <- get_sampler_params(fit, inc_warmup = FALSE)
grad_all <- sum(sapply(sp_all, function(s) sum(s[, "n_leapfrog__"])))
grad_post <- sum(sapply(sp_post, function(s) sum(s[, "n_leapfrog__"])))
divergent <- sum(sapply(sp_post, function(s) sum(s[, "divergent__"])))

draws <- as_draws_array(as.array(fit))
vars <- setdiff(variables(draws), "lp__")
ess <- sapply(vars, function(v) ess_bulk(extract_variable_matrix(draws, v)))

cat(sprintf(paste("compile_s=%.2f wall_s=%.3f sampler_s=%.3f sample_s=%.3f",
                  "grad_all=%d grad_post=%d divergent=%d min_ess=%.0f min_ess_var=%s\n"),
            compile, wall, sum(elapsed), sum(elapsed[, "sample"]),
            as.integer(grad_all), as.integer(grad_post), as.integer(divergent),
            min(ess), vars[which.min(ess)]))
