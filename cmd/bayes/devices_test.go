package main

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/bayes-dev/bayes/gpu"
)

// TestDevicesNoGPU: on a machine without the NVIDIA driver, `bayes devices`
// says so and exits 0 (testdata/cli/devices_nogpu.golden; -update rewrites
// it). Where a driver is installed the output depends on the machine, so
// the test only checks that it exits 0.
func TestDevicesNoGPU(t *testing.T) {
	d, err := gpu.Open()
	stdout, stderr, code := bayes("devices")
	if err == nil || !errors.Is(err, gpu.ErrNoDriver) {
		if d != nil {
			d.Close()
		}
		if code != 0 {
			t.Errorf("bayes devices: exit status %d, stderr %q", code, stderr)
		}
		t.Skipf("a driver is installed (%v): the no-GPU golden does not apply; output:\n%s", err, stdout)
	}
	got := "$ bayes devices\n--- exit status\n" + strconv.Itoa(code) + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr
	golden := filepath.Join("testdata", "cli", "devices_nogpu.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/bayes -run TestDevicesNoGPU -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("bayes devices:\n%s\nwant (%s):\n%s", got, golden, want)
	}
}
