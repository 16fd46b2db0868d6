# What the bench's Rscript programs share; each sources it from its own
# folder:
#   source(file.path(dirname(sub("^--file=", "", grep("^--file=",
#     commandArgs(FALSE), value = TRUE)[1])), "stan_common.R"))

# use_system_boost points rstan at the system's Boost headers: Debian's
# r-cran-bh is an empty shim, so a folder in cache (created if need be)
# holds a `boost` link to /usr/include/boost.
use_system_boost <- function(cache, auto_write) {
  dir.create(cache, showWarnings = FALSE, recursive = TRUE)
  boost_dir <- file.path(cache, "boost_lib")
  if (!file.exists(file.path(boost_dir, "boost"))) {
    dir.create(boost_dir, showWarnings = FALSE)
    file.symlink("/usr/include/boost", file.path(boost_dir, "boost"))
  }
  rstan_options(boost_lib = boost_dir, auto_write = auto_write)
}

# to_stan221 rewrites modern `array[dims] T name` as Stan 2.21's
# `T name[dims]` (the shared harness's regex, with which every posterior of
# ../shared/posteriordb was checked), and unsized `array[] real` arguments
# as `real[]`.
to_stan221 <- function(src) {
  sized <- "array\\[([^\\]]+)\\]\\s+([A-Za-z_]+(?:<[^;{}]*?>)?(?:\\[[^\\]]*\\])?)\\s+([A-Za-z_]\\w*)"
  src <- gsub(sized, "\\2 \\3[\\1]", src, perl = TRUE)
  unsized <- "array\\[(\\s*,*\\s*)\\]\\s+(real|int)\\b"
  paste0(gsub(unsized, "\\2[\\1]", src, perl = TRUE), "\n")
}

# cached_model compiles MODEL (a file in modern syntax) as Stan 2.21's
# syntax once, cached in cache by the md5 of the converted source: a list
# of sm (the stanmodel), compile_s (0 when cached) and cached.
cached_model <- function(cache, model, model_name = "model") {
  src <- to_stan221(readChar(model, file.info(model)$size, useBytes = TRUE))
  f <- file.path(tempdir(), paste0(model_name, ".stan"))
  writeChar(src, f, eos = NULL, useBytes = TRUE)
  rds <- file.path(cache, paste0(unname(tools::md5sum(f)), ".rds"))
  if (file.exists(rds)) return(list(sm = readRDS(rds), compile_s = 0, cached = TRUE))
  t <- system.time(sm <- stan_model(f, model_name = model_name))[["elapsed"]]
  saveRDS(sm, rds)
  list(sm = sm, compile_s = round(t, 2), cached = FALSE)
}

# read_stan_data reads a CmdStan JSON data file. fromJSON makes a
# one-element array a scalar, which Stan then refuses for an array[1]
# declaration: such arrays stay arrays.
read_stan_data <- function(path) {
  data <- jsonlite::fromJSON(path)
  raw <- jsonlite::fromJSON(path, simplifyVector = FALSE)
  for (name in names(raw)) {
    if (is.list(raw[[name]]) && length(raw[[name]]) == 1) data[[name]] <- as.array(data[[name]])
  }
  data
}
