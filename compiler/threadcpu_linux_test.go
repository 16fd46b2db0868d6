package compiler

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling thread has used (getrusage
// RUSAGE_THREAD), for benchmarks on a machine shared with other jobs,
// where wall time counts the time the thread waits for a core.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // RUSAGE_THREAD
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
