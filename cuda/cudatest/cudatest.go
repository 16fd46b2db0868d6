// Package cudatest is the rule by which tests outside package cuda skip on a
// machine without a GPU: they skip, saying why, only where the driver or
// the GPU is absent (cuda.Absent), or NVRTC where a test compiles for the
// GPU (cuda.ErrNoNVRTC); any other error is a failure, so that on a GPU
// machine a broken driver binding does not read as "no GPU". Package cuda's
// own tests apply the same rule (openOrSkip, nvrtcOrSkip).
package cudatest

import (
	"errors"
	"testing"

	"github.com/bayes-dev/bayes/cuda"
)

// Open returns the driver, closed when tb ends, and its devices, at least
// one. It skips tb where cuda.Open finds no driver or no GPU or the driver
// lists none, and fails it on any other error.
func Open(tb testing.TB) (*cuda.Driver, []cuda.Device) {
	tb.Helper()
	d, err := cuda.Open()
	CheckDriver(tb, "cuda.Open", err)
	tb.Cleanup(func() { d.Close() })
	devs, err := d.Devices()
	if err != nil {
		tb.Fatalf("the driver loaded, but listing its GPUs failed: %v", err)
	}
	if len(devs) == 0 {
		tb.Skipf("no GPU: the driver (CUDA %s, %s) lists no device", cuda.VersionString(d.DriverVersion()), d.Library())
	}
	return d, devs
}

// OpenWithNVRTC is Open for a test that compiles for the GPU: it also
// skips where NVRTC is not found, and fails where NVRTC is found but does
// not answer.
func OpenWithNVRTC(tb testing.TB) (*cuda.Driver, []cuda.Device) {
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
	case cuda.Absent(err):
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
	case errors.Is(err, cuda.ErrNoNVRTC):
		tb.Skipf("no NVRTC: %v", err)
	default:
		tb.Fatalf("NVRTC: %v (found, but it does not work: a fault, not a reason to skip)", err)
	}
}
