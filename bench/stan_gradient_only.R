# Stan's cost of one gradient alone, for bench/gradient_cost.sh: rstan 2.21's
# grad_log_prob at one point, uniform(-2, 2) on the unconstrained scale as
# Stan's initialisation draws it, timed over REPS calls after 10 unmeasured
# ones. For posteriors whose runs do not finish in any time a bench allows
# (an LDA, an RBM at tree depth 10), this still traces the gap to the
# kernel.
#
# Usage: Rscript bench/stan_gradient_only.R CACHE_DIR SEED REPS MODEL.stan DATA.json
#
# MODEL.stan is converted to Stan 2.21's syntax and compiled once, cached in
# CACHE_DIR, as bench/stan_gradient_cost.R does. One JSON line on stdout:
# dim, reps, us_per_gradient (wall time of the calls over REPS; the R call's
# own overhead, microseconds, is in it), lp (the log density there).
suppressPackageStartupMessages({
  library(rstan)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 5) {
  stop("usage: Rscript stan_gradient_only.R CACHE_DIR SEED REPS MODEL.stan DATA.json")
}
cache <- args[[1]]
seed <- as.integer(args[[2]])
reps <- as.integer(args[[3]])
model <- args[[4]]
data_file <- args[[5]]

sink(stderr())
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "stan_common.R"))
use_system_boost(cache, auto_write = FALSE)
sm <- cached_model(cache, model)$sm
data <- read_stan_data(data_file)
# A fit of one fixed-parameter iteration is the object grad_log_prob needs.
fit <- sampling(sm, data = data, chains = 1, iter = 1, algorithm = "Fixed_param",
                seed = seed, refresh = 0)
set.seed(seed)
q <- runif(get_num_upars(fit), -2, 2)
for (i in 1:10) g <- grad_log_prob(fit, q)
t <- system.time(for (i in 1:reps) g <- grad_log_prob(fit, q))[["elapsed"]]
r <- list(dim = length(q), reps = reps, us_per_gradient = 1e6 * t / reps, lp = attr(g, "log_prob"))
sink()
cat(toJSON(r, auto_unbox = TRUE, digits = NA), "\n", sep = "")
