package cuda

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// compileCache keeps compiled images on disk, keyed by everything that
// determines them: the source, the architecture, NVRTC's version and the
// compile options. NVRTC takes from a fraction of a second (eight schools)
// to minutes (a large unrolled model); a model sampled again with the same
// data loads its image in milliseconds. An unusable cache (no home, a
// read-only disk) only costs the compile: every error is ignored.
type compileCache struct{ dir string }

// cacheDirEnv names the folder of the cache; "off" turns it off. Without
// it the cache is in the user's cache folder (os.UserCacheDir:
// $XDG_CACHE_HOME or ~/.cache), under bayes/cuda.
const cacheDirEnv = "BAYES_CUDA_CACHE"

func defaultCompileCache() compileCache {
	dir := os.Getenv(cacheDirEnv)
	if dir == "off" {
		return compileCache{}
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return compileCache{}
		}
		dir = filepath.Join(base, "bayes", "cuda")
	}
	return compileCache{dir: dir}
}

// key is the image's name: a SHA-256 of its determining parts.
func (compileCache) key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p) // lengths keep the parts apart
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c compileCache) get(key string) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	image, err := os.ReadFile(filepath.Join(c.dir, key))
	return image, err == nil && len(image) > 0
}

// put writes the image under a temporary name and renames it, so that a
// reader never sees half a file and concurrent runs do not clash.
func (c compileCache) put(key string, image []byte) {
	if c.dir == "" || os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(c.dir, key+".tmp*")
	if err != nil {
		return
	}
	_, werr := f.Write(image)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), filepath.Join(c.dir, key)) != nil {
		os.Remove(f.Name())
	}
}
