// Package gputest is the rule by which tests outside package gpu skip on a
// machine without a GPU: they skip, saying why, only where the driver or
// the GPU is absent (gpu.Absent), or NVRTC where a test compiles for the
// GPU (gpu.ErrNoNVRTC); any other error is a failure, so that on a GPU
// machine a broken driver binding does not read as "no GPU". Package gpu's
// own tests apply the same rule (openOrSkip, nvrtcOrSkip).
package gputest

import (
	"errors"
	"testing"

	"github.com/bayes-dev/bayes/gpu"
)

// Open returns the driver, closed when tb ends, and its devices, at least
// one. It skips tb where gpu.Open finds no driver or no GPU or the driver
// lists none, and fails it on any other error.
func Open(tb testing.TB) (*gpu.Driver, []gpu.Device) {
	tb.Helper()
	d, err := gpu.Open()
	CheckDriver(tb, "gpu.Open", err)
	tb.Cleanup(func() { d.Close() })
	devs, err := d.Devices()
	if err != nil {
		tb.Fatalf("the driver loaded, but listing its GPUs failed: %v", err)
	}
	if len(devs) == 0 {
		tb.Skipf("no GPU: the driver (CUDA %s, %s) lists no device", gpu.VersionString(d.DriverVersion()), d.Library())
	}
	return d, devs
}

// OpenWithNVRTC is Open for a test that compiles for the GPU: it also
// skips where NVRTC is not found, and fails where NVRTC is found but does
// not answer.
func OpenWithNVRTC(tb testing.TB) (*gpu.Driver, []gpu.Device) {
	tb.Helper()
	d, devs := Open(tb)
	_, _, err := d.NVRTCVersion()
	CheckNVRTC(tb, err)
	return d, devs
}

// CheckDriver applies the rule to err from what: nil passes, an error that
// says the driver or the GPU is absent skips tb, any other fails it.
func CheckDriver(tb testing.TB, what string, err error) {
	tb.Helper()
	switch {
	case err == nil:
	case gpu.Absent(err):
		tb.Skipf("no GPU: %v", err)
	default:
		tb.Fatalf("%s: %v (neither an absent driver nor an absent GPU: a fault, not a reason to skip)", what, err)
	}
}

// CheckNVRTC applies the rule to err from NVRTCVersion: nil passes, NVRTC
// not found skips tb, any other error (a library that lacks a function or
// fails) fails it.
func CheckNVRTC(tb testing.TB, err error) {
	tb.Helper()
	switch {
	case err == nil:
	case errors.Is(err, gpu.ErrNoNVRTC):
		tb.Skipf("no NVRTC: %v", err)
	default:
		tb.Fatalf("NVRTC: %v (found, but it does not work: a fault, not a reason to skip)", err)
	}
}
