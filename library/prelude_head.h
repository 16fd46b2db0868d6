/* The prelude of bayes' emitted C: the dialect below, then the C body of
   every special function and kernel of the library (package library, one
   per file), each a line-by-line port of the Go function that the CPU
   kernel runs, named in its comment, with the same operations in the same
   order, so that C and Go differ only where libm and Go's math package
   round differently (about one ulp per call). Device-neutral: BAYES_FN is
   static in C and __device__ in CUDA, and the only calls are math.h
   functions that CUDA also provides.

   The arithmetic is in bayes_real: double, or float where the including
   code defines BAYES_FLOAT32 (COptions.Float32 writes the #define before
   the prelude). BAYES_R(0.5) is a literal of that type (0.5 or 0.5f) and
   BAYES_M(exp) the math.h function of that type (exp or expf), named
   explicitly rather than through <tgmath.h>, so that cc and NVRTC call the
   same functions and no float expression is promoted to double (checked
   with gcc -Wdouble-promotion -Werror, TestEmitCFloat32NoDoublePromotion).
   Every algorithm below is correct in float as written (its constants are
   rounded to float by the compiler, its cut-offs are accuracy-neutral:
   the series are accurate to double at their switch points, more than
   float needs) except bayes_polygamma, which stays in double: its
   factorials and powers overflow float's range (16! * 20^(16+k) > 3.4e38
   for k >= 4). */

#ifdef BAYES_FLOAT32
typedef float bayes_real;
#define BAYES_R(x) x##f
#define BAYES_M(fn) fn##f
#else
typedef double bayes_real;
#define BAYES_R(x) x
#define BAYES_M(fn) fn
#endif

#ifdef __CUDACC__
#define BAYES_FN static __device__
#define BAYES_DATA static __device__ const
#define BAYES_GLOBAL __device__
#ifdef BAYES_FLOAT32
#define BAYES_INF __int_as_float(0x7f800000)
#define BAYES_NAN __int_as_float(0x7fc00000)
#else
#define BAYES_INF __longlong_as_double(0x7ff0000000000000LL)
#define BAYES_NAN __longlong_as_double(0x7ff8000000000000LL)
#endif
#else
#include <math.h>
#if defined(__GNUC__)
#define BAYES_FN static __attribute__((unused))
#else
#define BAYES_FN static
#endif
#define BAYES_DATA static const
#define BAYES_GLOBAL static
#define BAYES_INF ((bayes_real)INFINITY)
#define BAYES_NAN ((bayes_real)NAN)
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif
#ifndef M_SQRT1_2
#define M_SQRT1_2 0.70710678118654752440
#endif
#define BAYES_PI ((bayes_real)M_PI)
