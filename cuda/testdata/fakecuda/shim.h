/* The CUDA shim of the fake NVRTC (nvrtc.c), included before the kernel
   source: just enough of CUDA C++ for the source that package cuda compiles
   to build as host C++. threadIdx, blockIdx, blockDim and gridDim are per
   POSIX thread (the fake driver, cuda.c, runs a block's threads as
   threads) and __syncthreads is a real barrier across the block's threads.
   After the source, nvrtc.c writes BAYES_FAKE_KERNEL(name, bounds) for
   each __global__ kernel (found in the preprocessed source, where
   BAYES_FAKE_SCAN marks them): the launcher that cuda.c's cuLaunchKernel
   calls.
   It unpacks kernelParams (one pointer to each argument's value) by the
   kernel's own parameter types, as the real driver does from the image. */
#include <cmath>
#include <cstring>
#include <pthread.h>
#include <utility>
using std::isinf;
using std::isnan;
using std::signbit;

#define __CUDACC__ 1
#define __CUDACC_RTC__ 1
#define __device__
#define __noinline__ __attribute__((noinline))
#ifdef BAYES_FAKE_SCAN /* nvrtc.c's pass that finds the kernels */
#define __global__ bayes_fake_global
#define __launch_bounds__(n) bayes_fake_bounds(n)
#else
#define __global__
#define __launch_bounds__(n)
#endif

struct bayes_fake_dim3 {
	unsigned x, y, z;
};
static __thread bayes_fake_dim3 threadIdx, blockIdx, blockDim, gridDim;
static __thread pthread_barrier_t *bayes_fake_barrier;

static inline void __syncthreads() { pthread_barrier_wait(bayes_fake_barrier); }

static inline double __longlong_as_double(long long v)
{
	double d;
	memcpy(&d, &v, sizeof d);
	return d;
}

static inline float __int_as_float(int v)
{
	float f;
	memcpy(&f, &v, sizeof f);
	return f;
}

/* bayes_fake_thread is what cuda.c calls on each thread of a launch
   before the kernel's launcher: the thread's place in the grid and the
   block's barrier. */
extern "C" void bayes_fake_thread(unsigned block, unsigned thread, unsigned nthreads, unsigned nblocks,
	pthread_barrier_t *barrier)
{
	blockIdx = {block, 0, 0};
	threadIdx = {thread, 0, 0};
	blockDim = {nthreads, 1, 1};
	gridDim = {nblocks, 1, 1};
	bayes_fake_barrier = barrier;
}

template <class... A, std::size_t... I>
static void bayes_fake_unpack(void (*kernel)(A...), void **params, std::index_sequence<I...>)
{
	kernel(*static_cast<A *>(params[I])...);
}

template <class... A>
static void bayes_fake_call(void (*kernel)(A...), void **params)
{
	bayes_fake_unpack(kernel, params, std::index_sequence_for<A...>{});
}

/* bayes_fake_launch_NAME runs one thread of kernel NAME;
   bayes_fake_bounds_NAME is its __launch_bounds__ (1024 without). */
#define BAYES_FAKE_KERNEL(name, bounds) \
	extern "C" void bayes_fake_launch_##name(void **params) \
	{ \
		bayes_fake_call(name, params); \
	} \
	extern "C" const int bayes_fake_bounds_##name = (bounds);
