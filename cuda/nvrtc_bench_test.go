package cuda

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// BenchmarkNVRTC times NVRTC compiling the chain source (cnuts.NewChainSource:
// the model's C and the NUTS of cnuts/nuts.h) of the repository's
// non-centered eight schools and, where ../shared is present, of every
// posteriordb model, for each regime and precision, to PTX for a virtual
// architecture and to CUBIN for a real one (compute_90 and sm_90:
// CompileCUDA, no cache). One op is one compile. bench/nvrtc.sh runs it for
// BENCHMARKS.md's NVRTC figures; NVRTC needs no GPU, and the script gives
// Open a stand-in driver where there is none. Sub-benchmarks are
// MODEL/REGIME/PRECISION/ARCH; a model whose float32 build Float32Safe
// refuses has no float32 ones.
func BenchmarkNVRTC(b *testing.B) {
	d, err := Open()
	if err != nil {
		if !Absent(err) {
			b.Fatalf("Open: %v does not wrap ErrNoDriver or ErrNoDevice", err)
		}
		b.Skipf("no driver to load NVRTC through (bench/nvrtc.sh provides one): %v", err)
	}
	defer d.Close()
	major, minor, err := d.NVRTCVersion()
	if err != nil {
		if !errors.Is(err, ErrNoNVRTC) {
			b.Fatalf("NVRTC: %v (found, but it does not work)", err)
		}
		b.Skipf("no NVRTC: %v", err)
	}
	b.Logf("NVRTC %d.%d (%s)", major, minor, d.nvrtcLib)
	models := [][3]string{{"eight_schools", filepath.Join("..", "models", "eight_schools_noncentered.bym"), filepath.Join("..", "data", "schools.json")}}
	pdb := filepath.Join("..", "..", "shared", "posteriordb")
	if entries, err := os.ReadDir(pdb); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				models = append(models, [3]string{e.Name(), filepath.Join(pdb, e.Name(), "model.bym"), filepath.Join(pdb, e.Name(), "data.json")})
			}
		}
	} else {
		b.Logf("posteriordb models left out: %v (the shared folder is absent)", err)
	}
	for _, f := range models {
		b.Run(f[0], func(b *testing.B) {
			prog, err := lang.LoadModel(f[1])
			if err != nil {
				b.Fatal(err)
			}
			data, err := data.ReadFile(prog, f[2])
			if err != nil {
				b.Fatal(err)
			}
			m, err := compiler.CompileModel(prog, data)
			if err != nil {
				b.Fatal(err)
			}
			for _, regime := range []struct {
				name string
				r    cnuts.Regime
			}{{"chains", cnuts.RegimeChains}, {"data", cnuts.RegimeData}} {
				for _, f32 := range []bool{false, true} {
					precision := "float64"
					if f32 {
						precision = "float32"
						if m.Float32Safe() != nil {
							continue
						}
					}
					for _, arch := range []string{"compute_90", "sm_90"} {
						b.Run(regime.name+"/"+precision+"/"+arch, func(b *testing.B) {
							src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{Regime: regime.r, Float32: f32})
							if err != nil {
								b.Fatal(err)
							}
							for b.Loop() {
								if _, log, err := d.CompileCUDA(string(src.Code), arch); err != nil {
									b.Fatalf("%v\n%s", err, log)
								}
							}
							// After the loop: b.Loop's first call resets the metrics.
							b.ReportMetric(float64(len(src.Code)), "source-bytes")
						})
					}
				}
			}
		})
	}
}
