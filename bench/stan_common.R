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
