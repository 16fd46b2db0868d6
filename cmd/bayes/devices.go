package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/bayes-dev/bayes/cuda"
	"github.com/spf13/cobra"
)

func newDevicesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "devices",
		Short: "List the NVIDIA GPUs that bayes can use",
		Long: `devices loads the NVIDIA driver (libcuda.so.1) and NVRTC at run time and lists
each GPU: its name, memory, compute capability and the CUDA version of the
driver. Without a driver or a GPU it says so and exits 0: bayes then runs on
the CPU.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return listDevices(cmd.OutOrStdout())
		},
	}
}

// listDevices prints what cuda.Open finds. No driver or no GPU is
// information, not an error.
func listDevices(w io.Writer) error {
	d, err := cuda.Open()
	if errors.Is(err, cuda.ErrNoDriver) || errors.Is(err, cuda.ErrNoDevice) {
		fmt.Fprintf(w, "No NVIDIA GPU found: %v.\nbayes runs on the CPU.\n", err)
		return nil
	}
	if err != nil {
		return err
	}
	defer d.Close()
	devs, err := d.Devices()
	if err != nil {
		return fmt.Errorf("listing GPUs: %w", err)
	}
	fmt.Fprintf(w, "NVIDIA driver for CUDA %s (%s)\n", cuda.VersionString(d.DriverVersion()), d.Library())
	if major, minor, err := d.NVRTCVersion(); err != nil {
		fmt.Fprintf(w, "NVRTC: %v (needed to compile models for the GPU)\n", err)
	} else {
		fmt.Fprintf(w, "NVRTC %d.%d\n", major, minor)
	}
	if len(devs) == 0 {
		fmt.Fprintln(w, "No GPU: the driver lists no device.\nbayes runs on the CPU.")
		return nil
	}
	for _, dev := range devs {
		fmt.Fprintf(w, "GPU %d: %s, %.1f GiB, compute capability %s\n",
			dev.Ordinal, dev.Name, float64(dev.Memory)/(1<<30), dev.ComputeCapability())
	}
	return nil
}
