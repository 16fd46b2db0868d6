package cudatest

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/bayes-dev/bayes/cuda"
)

// recorder is a testing.TB that records a skip or a failure and, as the
// real one does, stops the calling goroutine there.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls f with a recorder on a goroutine of its own, as t.Run would.
func run(f func(tb testing.TB)) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// TestRule: only an absent driver, GPU or NVRTC skips; every other error
// fails, a broken binding included.
func TestRule(t *testing.T) {
	tests := []struct {
		name  string
		check func(tb testing.TB)
		want  string // "pass", "skip" or "fail"
	}{
		{"driver ok", func(tb testing.TB) { CheckDriver(tb, "cuda.Open", nil) }, "pass"},
		{"no driver", func(tb testing.TB) {
			CheckDriver(tb, "cuda.Open", fmt.Errorf("%w: libcuda.so.1 not found", cuda.ErrNoDriver))
		}, "skip"},
		{"no device", func(tb testing.TB) {
			CheckDriver(tb, "cuda.Open", fmt.Errorf("%w: driver 12.4 loaded, but cuInit: CUDA_ERROR_NO_DEVICE", cuda.ErrNoDevice))
		}, "skip"},
		{"broken binding", func(tb testing.TB) {
			CheckDriver(tb, "cuda.Open", errors.New("cuDeviceGetName: CUDA_ERROR_INVALID_VALUE"))
		}, "fail"},
		{"NVRTC ok", func(tb testing.TB) { CheckNVRTC(tb, nil) }, "pass"},
		{"no NVRTC", func(tb testing.TB) {
			CheckNVRTC(tb, fmt.Errorf("%w (searched libnvrtc.so)", cuda.ErrNoNVRTC))
		}, "skip"},
		{"NVRTC broken", func(tb testing.TB) {
			CheckNVRTC(tb, errors.New("libnvrtc.so has no nvrtcGetPTX (driver too old?)"))
		}, "fail"},
		{"NVRTC error where a driver error is expected", func(tb testing.TB) {
			CheckDriver(tb, "cuda.Open", fmt.Errorf("%w (searched libnvrtc.so)", cuda.ErrNoNVRTC))
		}, "fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(tt.check)
			got := "pass"
			switch {
			case r.skipped != "" && r.failed != "":
				t.Fatalf("both skipped (%q) and failed (%q)", r.skipped, r.failed)
			case r.skipped != "":
				got = "skip"
			case r.failed != "":
				got = "fail"
			}
			if got != tt.want {
				t.Errorf("%s, want %s (skip %q, fail %q)", got, tt.want, r.skipped, r.failed)
			}
		})
	}
}
