package diagnostics

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// splitChains copies draws into dst as 2m half-chains of n/2 iterations
// (Vehtari et al. 2021, section 3.1: split-R-hat). For an odd number of
// iterations the middle draw of each chain is dropped, as posterior's
// .split_chains does (it keeps 1:floor(n/2) and ceiling(n/2+1):n). A single
// iteration is not split.
func splitChains(dst []float64, draws [][]float64) (x []float64, m, n int) {
	chains, iters := checkChains(draws)
	if iters < 2 {
		x = grow(dst, chains*iters)
		for c, d := range draws {
			copy(x[c*iters:], d)
		}
		return x, chains, iters
	}
	half := iters / 2
	x = grow(dst, 2*chains*half)
	for c, d := range draws {
		copy(x[(2*c)*half:], d[:half])
		copy(x[(2*c+1)*half:], d[iters-half:])
	}
	return x, 2 * chains, half
}

// zScale replaces every value of x by its rank-normalised score
// Φ⁻¹((r - 3/8) / (S + 1/4)), where r is its rank among all S values with
// ties given their average rank (Vehtari et al. 2021, section 4.1;
// the 3/8 offset is Blom's 1958). It reports false, leaving x unspecified,
// when x holds a NaN, whose rank is undefined; infinities rank normally.
func (w *workspace) zScale(x []float64) bool {
	if !w.rank(x) {
		return false
	}
	w.zFromOrder(x, w.sv, w.si)
	return true
}

// rank sorts x into w.sv (values ascending) and w.si (their positions in
// x), reporting false when x holds a NaN. It is an LSD radix sort of
// order-preserving integer keys, O(S) where a comparison sort of (value,
// position) pairs was O(S log S) with an indirect comparison each step; the
// ranks are the same, because ties are resolved by value in zFromOrder.
func (w *workspace) rank(x []float64) bool {
	s := len(x)
	w.keys = grow(w.keys, s)
	w.si = grow(w.si, s)
	for i, v := range x {
		if math.IsNaN(v) {
			return false
		}
		w.keys[i] = floatKey(v)
		w.si[i] = int32(i)
	}
	w.keys, w.si = w.radixSort(w.keys, w.si)
	w.sv = grow(w.sv, s)
	for k, i := range w.si {
		w.sv[k] = x[i]
	}
	return true
}

// floatKey maps a float64 (not NaN) to a uint64 with the same order: the
// sign bit flipped for non-negative values, all bits flipped for negative
// ones (-0 sorts just before +0; zFromOrder ties them by value).
func floatKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// Radix sort digits: 8 bits, so that the counts (256) and the 256 write
// streams of a scatter pass stay in L1 cache. radixSort sorts by the high
// 32 bits of the key (4 passes); keys that share them, rare for draws from a
// continuous distribution (they agree to about 6 significant digits), are
// then put in order by insertion sort when their run is short, by the low
// 32 bits otherwise.
const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
	radixPasses  = 4 // over 32 bits
	shortRun     = 32
)

// radixSort sorts keys ascending, carrying idx along; it returns the sorted
// slices, which are either the arguments or w's second buffers (the
// arguments' storage becomes w's second buffers).
func (w *workspace) radixSort(keys []uint64, idx []int32) ([]uint64, []int32) {
	s := len(keys)
	k2, i2 := grow(w.keys2, s), grow(w.si2, s)
	keys, idx, k2, i2 = radixPass32(keys, idx, k2, i2, 32)
	w.keys2, w.si2 = k2, i2
	// Order runs of equal high bits by the whole key.
	for lo := 0; lo < s; {
		hi := lo + 1
		for hi < s && keys[hi]>>32 == keys[lo]>>32 {
			hi++
		}
		switch {
		case hi-lo <= 1:
		case hi-lo <= shortRun:
			insertionSort(keys[lo:hi], idx[lo:hi])
		default:
			k, i, _, _ := radixPass32(keys[lo:hi], idx[lo:hi], k2[lo:hi], i2[lo:hi], 0)
			if &k[0] != &keys[lo] {
				copy(keys[lo:hi], k)
				copy(idx[lo:hi], i)
			}
		}
		lo = hi
	}
	return keys, idx
}

// radixPass32 sorts keys (carrying idx) stably by their 32 bits from bit
// low, with k2, i2 as the second buffers; it returns the sorted slices
// first. Passes in which every key has the same digit are skipped.
func radixPass32(keys []uint64, idx []int32, k2 []uint64, i2 []int32, low uint) ([]uint64, []int32, []uint64, []int32) {
	s := len(keys)
	if s == 0 {
		return keys, idx, k2, i2
	}
	var counts [radixPasses][radixBuckets]int32
	for _, k := range keys {
		k >>= low
		for p := range radixPasses {
			counts[p][(k>>(p*radixBits))&(radixBuckets-1)]++
		}
	}
	for p := range radixPasses {
		c := &counts[p]
		shift := low + uint(p*radixBits)
		if c[(keys[0]>>shift)&(radixBuckets-1)] == int32(s) {
			continue
		}
		var sum int32
		for b, n := range c {
			c[b] = sum
			sum += n
		}
		for j, k := range keys {
			b := (k >> shift) & (radixBuckets - 1)
			at := c[b]
			c[b]++
			k2[at] = k
			i2[at] = idx[j]
		}
		keys, k2 = k2, keys
		idx, i2 = i2, idx
	}
	return keys, idx, k2, i2
}

// insertionSort sorts a short run of keys, carrying idx along.
func insertionSort(keys []uint64, idx []int32) {
	for j := 1; j < len(keys); j++ {
		k, i := keys[j], idx[j]
		m := j
		for m > 0 && keys[m-1] > k {
			keys[m], idx[m] = keys[m-1], idx[m-1]
			m--
		}
		keys[m], idx[m] = k, i
	}
}

// zFromOrder writes into dst the rank-normalised score of every value, given
// the values in ascending order (sv) and their positions in dst (si). A run
// of equal values gets the average of its ranks lo+1..hi. The scores of
// untied ranks come from a table made once per size S, the same numbers the
// formula gives.
func (w *workspace) zFromOrder(dst, sv []float64, si []int32) {
	s := len(sv)
	denom := float64(s) + 0.25
	if len(w.ztab) != s {
		w.ztab = grow(w.ztab, s)
		for k := range w.ztab {
			w.ztab[k] = distuv.UnitNormal.Quantile((float64(k+1) - 0.375) / denom)
		}
	}
	for lo := 0; lo < s; {
		v := sv[lo]
		hi := lo + 1
		for hi < s && sv[hi] == v {
			hi++
		}
		if hi == lo+1 {
			dst[si[lo]] = w.ztab[lo]
			lo = hi
			continue
		}
		r := float64(lo+1+hi) / 2
		z := distuv.UnitNormal.Quantile((r - 0.375) / denom)
		for _, i := range si[lo:hi] {
			dst[i] = z
		}
		lo = hi
	}
}

// foldSorted orders the folded values |v - median| of the values sorted in
// sv (positions si) into w.fv and w.fi, ascending, where median is that of
// all draws before splitting (Vehtari et al. 2021, section 4.2, folded
// split-R-hat, as posterior's fold_draws; folding elementwise after the
// split is the same as folding before it). It does so without sorting: the
// values below the median fold to a descending sequence, those at or above
// it to an ascending one (subtraction rounds monotonically), and the two
// merge in O(S). It reports false when a folded value is NaN (an infinite
// median).
func (w *workspace) foldSorted(sv []float64, si []int32, median float64) bool {
	s := len(sv)
	w.fv = grow(w.fv, s)
	w.fi = grow(w.fi, s)
	// split: sv[:split] < median <= sv[split:].
	lo, hi := 0, s
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if sv[mid] < median {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	a, b := lo-1, lo // a walks down the lower part, b up the upper part
	k := 0
	emit := func(f float64, i int32) bool {
		w.fv[k], w.fi[k] = f, i
		k++
		return !math.IsNaN(f)
	}
	for a >= 0 && b < s {
		fa, fb := math.Abs(sv[a]-median), math.Abs(sv[b]-median)
		var ok bool
		if fa < fb {
			ok = emit(fa, si[a])
			a--
		} else {
			ok = emit(fb, si[b])
			b++
		}
		if !ok {
			return false
		}
	}
	for ; a >= 0; a-- {
		if !emit(math.Abs(sv[a]-median), si[a]) {
			return false
		}
	}
	for ; b < s; b++ {
		if !emit(math.Abs(sv[b]-median), si[b]) {
			return false
		}
	}
	return true
}

// returnsNA mirrors posterior's should_return_NA: a diagnostic is undefined
// when any value is NaN or infinite, or all values are equal to within
// machine epsilon (is_constant).
func returnsNA(x []float64) bool {
	if len(x) == 0 {
		return true
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return math.Abs(hi-lo) < 0x1p-52
}
