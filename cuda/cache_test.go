package cuda

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCompileCache: an image put is got back under its key; keys differ
// when any part differs, including how a text splits into parts; an empty
// or off cache keeps nothing; a leftover temporary file is not an image.
func TestCompileCache(t *testing.T) {
	c := compileCache{dir: filepath.Join(t.TempDir(), "cuda")}
	k := c.key("nvrtc 13.0", "--gpu-architecture=sm_90 --fmad=false", "source")
	if _, ok := c.get(k); ok {
		t.Fatal("an empty cache returned an image")
	}
	c.put(k, []byte("image"))
	if got, ok := c.get(k); !ok || string(got) != "image" {
		t.Errorf("get after put: %q, %v", got, ok)
	}
	for _, other := range [][]string{
		{"nvrtc 13.1", "--gpu-architecture=sm_90 --fmad=false", "source"},
		{"nvrtc 13.0", "--gpu-architecture=sm_80 --fmad=false", "source"},
		{"nvrtc 13.0", "--gpu-architecture=sm_90 --fmad=false", "source2"},
		{"nvrtc 13.0", "--gpu-architecture=sm_90 --fmad=false", "sour", "ce"},
	} {
		if c.key(other...) == k {
			t.Errorf("key of %q equals the original's", other)
		}
	}
	entries, _ := os.ReadDir(c.dir)
	if len(entries) != 1 {
		t.Errorf("the cache folder holds %d files, want the one image (no temporary left)", len(entries))
	}
	t.Setenv(cacheDirEnv, "off")
	if off := defaultCompileCache(); off.dir != "" {
		t.Errorf("%s=off: cache folder %q, want none", cacheDirEnv, off.dir)
	}
	var none compileCache
	none.put(k, []byte("image"))
	if _, ok := none.get(k); ok {
		t.Error("a cache without a folder returned an image")
	}
}
