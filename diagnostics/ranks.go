package diagnostics

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// splitChains copies draws into dst as 2m half-chains of n/2 iterations
// (Vehtari et al. 2021, section 3.1: split-R-hat). For an odd number of
// iterations the middle draw of each chain is dropped, as posterior's
// .split_chains does (it keeps 1:floor(n/2) and ceiling(n/2+1):n). A single
// iteration is not split. The diagnostics read the split chains in place
// (series); this copy is the layout they index, kept as its definition.
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
// x), reporting false when x holds a NaN. It is a radix sort of
// order-preserving integer keys (radixSort), O(S) where a comparison sort of (value,
// position) pairs was O(S log S) with an indirect comparison each step; the
// ranks are the same, because ties are resolved by value in zFromOrder.
func (w *workspace) rank(x []float64) bool {
	s := flatSeries(x, 1, len(x))
	return w.rankSeries(&s)
}

// rankSeries is rank of the m·n values of s, positions counted chain after
// chain (c*n+i). The sorted values are decoded from the sorted keys
// (keyFloat), not gathered from the series: a gather reads the values in
// random order, a cache miss each once they outgrow the cache.
func (w *workspace) rankSeries(x *series) bool {
	m, n := x.m, x.n
	s := m * n
	w.keys = grow(w.keys, s)
	w.si = grow(w.si, s)
	w.buf = grow(w.buf, n)
	for c := range m {
		keys, idx := w.keys[c*n:(c+1)*n], w.si[c*n:(c+1)*n]
		for i, v := range x.chain(c, w.buf) {
			if math.IsNaN(v) {
				return false
			}
			keys[i] = floatKey(v)
			idx[i] = int32(c*n + i)
		}
	}
	w.keys, w.si = w.radixSort(w.keys, w.si)
	w.sv = grow(w.sv, s)
	for k, key := range w.keys {
		w.sv[k] = keyFloat(key)
	}
	return true
}

// zSeries stores in w.z the rank-normalised scores of the series
// rankSeries last ordered, m chains of n iterations, and returns them as a series.
func (w *workspace) zSeries(m, n int) series {
	w.z = grow(w.z, m*n)
	w.zFromOrder(w.z, w.sv, w.si)
	return flatSeries(w.z, m, n)
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

// keyFloat inverts floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// Radix sort digits: 8 bits, so that the counts (256) and the 256 write
// streams of a scatter pass stay in L1 cache. radixSort sorts by the high
// 32 bits of the key (4 passes); keys that share them, rare for draws from a
// continuous distribution (they agree to about 6 significant digits), are
// then put in order by insertion sort when their run is short, by the low
// 32 bits otherwise.
//
// From msdMin keys on, the high 32 bits are sorted most significant digit
// first instead (radixMSD): the keys no longer fit in cache, and each LSD
// pass is a scatter through memory.
const (
	radixBits    = 8
	radixBuckets = 1 << radixBits
	radixPasses  = 4 // over 32 bits
	shortRun     = 32
	msdBits      = 16
	msdMin       = 1 << 16
)

// radixSort sorts keys ascending, carrying idx along; it returns the sorted
// slices, which are either the arguments or w's second buffers (the
// arguments' storage becomes w's second buffers).
func (w *workspace) radixSort(keys []uint64, idx []int32) ([]uint64, []int32) {
	s := len(keys)
	k2, i2 := grow(w.keys2, s), grow(w.si2, s)
	if s >= msdMin {
		keys, idx, k2, i2 = w.radixMSD(keys, idx, k2, i2)
	} else {
		keys, idx, k2, i2 = radixLSD(keys, idx, k2, i2, 32, radixPasses)
	}
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
			k, i, _, _ := radixLSD(keys[lo:hi], idx[lo:hi], k2[lo:hi], i2[lo:hi], 0, radixPasses)
			if &k[0] != &keys[lo] {
				copy(keys[lo:hi], k)
				copy(idx[lo:hi], i)
			}
		}
		lo = hi
	}
	return keys, idx
}

// radixMSD sorts keys (carrying idx) by their high 32 bits, with k2, i2 as
// the second buffers, returning the sorted slices first: one scatter
// through memory into buckets by the top msdBits bits, then each bucket,
// small enough for the cache for draws spread over a few orders of
// magnitude, by the rest of the high 32 bits (radixLSD, two passes). A draw from a
// continuous distribution is read and written twice through memory where
// four LSD passes did it four times.
func (w *workspace) radixMSD(keys []uint64, idx []int32, k2 []uint64, i2 []int32) ([]uint64, []int32, []uint64, []int32) {
	const shift = 64 - msdBits
	w.bucket = grow(w.bucket, 1<<msdBits+1)
	w.next = grow(w.next, 1<<msdBits)
	start, next := w.bucket, w.next
	clear(start)
	for _, k := range keys {
		start[k>>shift+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	copy(next, start)
	for j, k := range keys {
		d := k >> shift
		at := next[d]
		next[d]++
		k2[at] = k
		i2[at] = idx[j]
	}
	for d := range 1 << msdBits {
		lo, hi := start[d], start[d+1]
		switch {
		case hi-lo <= 1:
		case hi-lo <= shortRun:
			insertionSort(k2[lo:hi], i2[lo:hi])
		default:
			k, i, _, _ := radixLSD(k2[lo:hi], i2[lo:hi], keys[lo:hi], idx[lo:hi], 32, (32-msdBits+radixBits-1)/radixBits)
			if &k[0] != &k2[lo] {
				copy(k2[lo:hi], k)
				copy(i2[lo:hi], i)
			}
		}
	}
	return k2, i2, keys, idx
}

// radixLSD sorts keys (carrying idx) stably by passes radixBits-bit digits
// from bit low (passes <= radixPasses), with k2, i2 as the second buffers;
// it returns the sorted slices first. Passes in which every key has the
// same digit are skipped.
func radixLSD(keys []uint64, idx []int32, k2 []uint64, i2 []int32, low uint, passes int) ([]uint64, []int32, []uint64, []int32) {
	s := len(keys)
	if s == 0 {
		return keys, idx, k2, i2
	}
	var counts [radixPasses][radixBuckets]int32
	for _, k := range keys {
		k >>= low
		for p := range passes {
			counts[p][(k>>(p*radixBits))&(radixBuckets-1)]++
		}
	}
	for p := range passes {
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
// untied ranks come from a table shared by all workspaces (untiedScores),
// the same numbers the formula gives.
//
// The writes go to random places of dst; grouping them by block of dst
// first, so that each block is written in cache, was measured slower for
// 5 million values (10,000 chains of 500 draws): dst, 40 MB, mostly stays
// in the L3 cache.
func (w *workspace) zFromOrder(dst, sv []float64, si []int32) {
	s := len(sv)
	denom := float64(s) + 0.25
	if len(w.ztab) != s {
		w.ztab = untiedScores(s)
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

// zTable is the table of untied scores last made, shared by all
// workspaces: the workers of one summary rank columns of the same size,
// and the table (5 million normal quantiles for 10,000 chains of 500
// draws) costs as much as ranking a column. A table is never written once
// made.
var zTable struct {
	sync.Mutex
	scores []float64
}

// untiedScores returns the scores Φ⁻¹((r - 3/8) / (s + 1/4)) of the ranks
// r = 1..s, read only.
func untiedScores(s int) []float64 {
	zTable.Lock()
	defer zTable.Unlock()
	if len(zTable.scores) != s {
		scores := make([]float64, s)
		denom := float64(s) + 0.25
		for k := range scores {
			scores[k] = distuv.UnitNormal.Quantile((float64(k+1) - 0.375) / denom)
		}
		zTable.scores = scores
	}
	return zTable.scores
}

// foldSorted orders the folded values |v - median| of the values sorted in
// sv (positions si) into w.fv and w.fi, ascending, where median is that of
// all draws before splitting (Vehtari et al. 2021, section 4.2, folded
// split-R-hat, as posterior's fold_draws; folding elementwise after the
// split is the same as folding before it). It does so without sorting: the
// values below the median fold to a descending sequence, those at or above
// it to an ascending one (subtraction rounds monotonically), and the two
// merge in O(S). It reports false when a folded value is NaN, which with no
// NaN in sv happens exactly when the median is not finite (∞ - ∞).
//
// Two merges run at once, each a chain of dependent loads and
// comparisons: the smallest folded values from the median outwards, into
// fv from the front, and the largest from the ends inwards, into fv from
// the back. They meet in the middle, never taking the same value, because
// both follow one order (folded value, then on ties the upper part's
// values first, nearest the median first); the order among tied values
// does not change a score (zFromOrder). Each picks its next value without
// a branch, since which side comes next is as good as random for a
// symmetric distribution. Measured on 5 million values (10,000 chains of
// 500 AR(1) draws): one merge with a branch 65 ms, without 57 ms, two
// merges without 25 ms.
func (w *workspace) foldSorted(sv []float64, si []int32, median float64) bool {
	if math.IsNaN(median) || math.IsInf(median, 0) {
		return false
	}
	s := len(sv)
	w.fv = grow(w.fv, s)
	w.fi = grow(w.fi, s)
	fv, fi := w.fv, w.fi
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
	// The values not yet taken are sv[l..a] (lower part) and sv[b..h]
	// (upper part); the front merge takes a or b into fv[k], the back
	// merge l or h into fv[e].
	a, b := lo-1, lo
	l, h := 0, s-1
	k, e := 0, s-1
	for k < e && a > l && b < h {
		fa, fb := math.Abs(sv[a]-median), math.Abs(sv[b]-median)
		var down int // 1 when the lower part's value is the smaller
		if fa < fb {
			down = 1
		}
		j := b ^ ((a ^ b) & -down) // a if down, else b
		fv[k], fi[k] = math.Abs(sv[j]-median), si[j]
		k++
		a -= down
		b += 1 - down

		fl, fh := math.Abs(sv[l]-median), math.Abs(sv[h]-median)
		var up int // 1 when the lower part's value is the larger
		if fl >= fh {
			up = 1
		}
		j = h ^ ((l ^ h) & -up) // l if up, else h
		fv[e], fi[e] = math.Abs(sv[j]-median), si[j]
		e--
		l += up
		h -= 1 - up
	}
	// The front merge alone fills the rest.
	for ; k <= e; k++ {
		j := b
		if a >= l && (b > h || math.Abs(sv[a]-median) < math.Abs(sv[b]-median)) {
			j = a
			a--
		} else {
			b++
		}
		fv[k], fi[k] = math.Abs(sv[j]-median), si[j]
	}
	return true
}

// returnsNASorted is returnsNA of x in ascending order with any NaN first,
// as slices.Sort and rank leave it: it needs only the ends.
func returnsNASorted(x []float64) bool {
	if len(x) == 0 {
		return true
	}
	lo, hi := x[0], x[len(x)-1]
	if math.IsNaN(lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return true
	}
	return math.Abs(hi-lo) < 0x1p-52
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
