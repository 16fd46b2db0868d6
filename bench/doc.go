// Package bench holds whole-workload benchmarks: the seed's non-centered
// eight schools sampled as `bayes sample` samples it, for
// bench/eight_schools.sh (`make bench`), which sets them beside Stan's.
// It has no API; see eight_schools_test.go.
package bench
