package compiler

import (
	"runtime/debug"
	"sync"
)

// compileGCPercent is the garbage collector's GOGC while a model compiles.
// A compile makes tens of megabytes of short-lived garbage (hmm_drive_0:
// 38 MB in 368,000 allocations) from a heap that starts at a few; at
// Go's default of 100 the collector runs over and over, about a third of
// the compile's CPU time. The live heap stays small, so a higher target
// costs little memory, and the default returns with the last compile's end
// (the sampler's kept draws are what grows afterwards).
const compileGCPercent = 400

var gc struct {
	sync.Mutex
	depth int // compiles running
	saved int // GOGC before the first of them
}

// relaxGC raises GOGC to compileGCPercent, where the user left it at or
// below that (GOGC=off stays off), and returns the function that restores
// it; compiles may overlap (the tests'), so the last one out restores.
func relaxGC() (restore func()) {
	gc.Lock()
	defer gc.Unlock()
	if gc.depth == 0 {
		gc.saved = debug.SetGCPercent(compileGCPercent)
		if gc.saved < 0 || gc.saved > compileGCPercent {
			debug.SetGCPercent(gc.saved)
		}
	}
	gc.depth++
	return func() {
		gc.Lock()
		defer gc.Unlock()
		if gc.depth--; gc.depth == 0 {
			debug.SetGCPercent(gc.saved)
		}
	}
}
