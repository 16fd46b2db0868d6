package data

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// writeBigData writes a regression's data file of about mb megabytes to
// path (rows of a 4-column matrix of reals written as Python writes them,
// a vector of reals and an array of ints) and returns its size in bytes.
func writeBigData(t *testing.T, path string, mb int) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 2))
	n := mb << 20 / 106 // about 106 bytes a row
	var buf []byte
	num := func(x float64) { buf = strconv.AppendFloat(buf, x, 'g', -1, 64) }
	buf = append(buf, `{"N": `...)
	buf = strconv.AppendInt(buf, int64(n), 10)
	buf = append(buf, `, "K": 4, "J": 50, "X": [`...)
	for i := range n {
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, '[')
		for k := range 4 {
			if k > 0 {
				buf = append(buf, ", "...)
			}
			num(rng.NormFloat64())
		}
		buf = append(buf, ']')
		w.Write(buf)
		buf = buf[:0]
	}
	for _, name := range []string{"y", "g"} {
		buf = append(buf, "],\n\""+name+"\": ["...)
		for i := range n {
			if i > 0 {
				buf = append(buf, ", "...)
			}
			if name == "y" {
				num(3 * rng.NormFloat64())
			} else {
				buf = strconv.AppendInt(buf, int64(1+rng.IntN(50)), 10)
			}
			if len(buf) > 4096 {
				w.Write(buf)
				buf = buf[:0]
			}
		}
	}
	buf = append(buf, "]}\n"...)
	w.Write(buf)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	return st.Size()
}

// peakHeap runs f while sampling the heap, and returns the largest
// HeapAlloc seen above the heap in use before f, and the bytes f allocated
// in all (TotalAlloc's growth).
func peakHeap(f func()) (peak, total uint64) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var max uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			max = maxOf(max, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	max = maxOf(max, after.HeapAlloc)
	return max - before.HeapAlloc, after.TotalAlloc - before.TotalAlloc
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// TestReadFileMemory reads a 20 MB data file and requires the heap to
// grow by at most the file's size at any time, and the bytes allocated in
// all to stay under it too (the issue: a 49 MB file took 1.1 GB):
// ReadFile streams the file and keeps each number as a float64 and a
// byte of structure, not the file's text nor a tree of values, in slices
// made at their declared sizes. It measures memory, never time.
func TestReadFileMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.json")
	size := writeBigData(t, path, 20)
	p := mustParse(t, `data {
  int<lower=0> N;
  int<lower=1> K;
  int<lower=1> J;
  matrix[N, K] X;
  vector[N] y;
  array[N] int<lower=1, upper=J> g;
}`)
	var d *Data
	var err error
	peak, total := peakHeap(func() { d, err = ReadFile(p, path) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("file %d bytes: peak heap growth %d (%.2f of the file), %d allocated in all (%.2f)",
		size, peak, float64(peak)/float64(size), total, float64(total)/float64(size))
	// The peak is at most what was allocated; both, unlike RSS, count
	// only this read.
	if peak > uint64(size) || total > uint64(size) {
		t.Errorf("reading a %d-byte file, the heap grew by %d bytes and %d were allocated; want at most the file's size", size, peak, total)
	}
	if n := d.Vars["N"].Ints[0]; len(d.Vars["X"].Reals) != 4*n || len(d.Vars["g"].Ints) != n {
		t.Errorf("read N = %d, %d reals in X, %d ints in g", n, len(d.Vars["X"].Reals), len(d.Vars["g"].Ints))
	}
	runtime.KeepAlive(d)
}
