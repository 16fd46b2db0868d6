// Package runfiles writes and reads the files of a run: the draws of its
// chains and what was added to them later.
//
//   - Stan CSV, one file per chain in CmdStan's layout (CmdStan User's
//     Guide, "Stan CSV File Format"), the format CmdStanPy, CmdStanR, ArviZ
//     and posterior read: StanCSVWriter streams one as it is sampled,
//     AppendStanCSV continues a finished one (bayes sample --resume),
//     ReadStanCSV parses one, CmdStan's included.
//   - draws.npy, the draws of a run of many chains as one NPY array with
//     its draws.json and draws_written.npy (NPYRun, ReadNPYRun), read back
//     as one StanCSV per chain.
//   - The generated quantities that bayes generate computes for a finished
//     run, written beside its draws (WriteGeneratedCSV, WriteGeneratedNPY).
//   - ReadRuns: the files or directories `bayes summary`, `plot`, `loo` and
//     `convert` are given, read as one run, the generated quantities merged
//     into their chains; a Zarr store through the reader package zarr
//     registers in StoreReaders.
//
// Input: a chain's draws, row by row, as the sampler makes them (Draw, the
// sampler statistics, and the model's values), with the run settings
// (StanCSVConfig) and the adaptation; or paths. Output: files, or one
// StanCSV per chain holding its settings, column names and rows, in chain
// order. The package computes no statistics: package diagnostics turns the
// StanCSV chains into summaries and warnings, so that it, and everything
// after it (fit, zarr, loo, plot, cmd/bayes), reads one struct whatever the
// format on disk.
package runfiles
