package main

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/cuda"
)

// TestDevicesNoGPU: on a machine without the NVIDIA driver, `bayes devices`
// says so and exits 0 (testdata/cli/devices_nogpu.golden; -update rewrites
// it). Where a driver is installed the output depends on the machine, so
// the test only checks that it exits 0.
func TestDevicesNoGPU(t *testing.T) {
	d, err := cuda.Open()
	stdout, stderr, code := bayes("devices")
	if err == nil || !errors.Is(err, cuda.ErrNoDriver) {
		if d != nil {
			d.Close()
		}
		if code != 0 {
			t.Errorf("bayes devices: exit status %d, stderr %q", code, stderr)
		}
		t.Skipf("a driver is installed (%v): the no-GPU golden does not apply; output:\n%s", err, stdout)
	}
	compareGolden(t, filepath.Join("testdata", "cli", "devices_nogpu.golden"), transcript([]string{"devices"}, stdout, stderr, code))
}
