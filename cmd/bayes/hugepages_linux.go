package main

import "syscall"

// heapHugePages asks Linux to back the first n bytes of the heap with
// transparent huge pages. Compiling a model builds graphs of tens of
// thousands of nodes in a fresh process, and the first touch of each 4 KiB
// page of its heap is a page fault: about 5 µs in a virtual machine, a
// fifth of `bayes check` on hmm_drive_0 (3 400 faults). The runtime maps
// the memory of one large allocation; the advice marks that mapping (THP's
// usual "madvise" mode backs only advised memory with huge pages); and
// once the collector has freed it, the small objects are allocated there,
// touching one 2 MiB page where they touched 512 small ones. The runtime
// gives the heap no such advice itself (Go 1.21.0 did, and 1.21.1 took it
// back).
//
// The allocation is made on a goroutine of its own, so that no stack
// holds it when the collection it sets off marks: that collection frees
// it, and the heap's goal stays the minimum. A forced collection instead
// (runtime.GC) cost 7-16 ms there, at the start, while the grammar was
// being built in the background (lang's init). Where the kernel has no THP, or it is "never", the advice does
// nothing.
func heapHugePages(n int) {
	done := make(chan struct{})
	go func() {
		_ = syscall.Madvise(make([]byte, n), syscall.MADV_HUGEPAGE)
		close(done)
	}()
	<-done
}
