// Package bench holds whole-workload benchmarks: the seed's non-centered
// eight schools sampled as `bayes sample` samples it, for
// bench/eight_schools.sh (`make bench`), which sets them beside Stan's.
// It has no API; see eight_schools_test.go.
//
// Its scripts: eight_schools.sh (`make bench`), posteriordb.sh (`make
// bench-posteriordb`: every posteriordb posterior per core beside Stan,
// through the pdbspeed command and stan_posteriordb.R), gpu.sh (`make
// bench-gpu`), nvrtc.sh, profile.sh and zarr_vs_npy.sh.
package bench
