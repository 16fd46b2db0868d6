//go:build !linux

package compiler

import "time"

// threadCPU is unavailable off Linux: benchmarks report wall time only.
func threadCPU() (time.Duration, bool) { return 0, false }
