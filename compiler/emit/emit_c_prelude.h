/* The end of the prelude of bayes' emitted C (compiler/emit_c.go): the
   group of the cooperative entry points. The rest of the prelude, the
   dialect and every special function and kernel, is the library's
   (library.CPrelude). */

/* The group of the cooperative entry points (P log_density_grad_coop,
   compiler/emit_coop.go): BAYES_TID is this thread's number in 0..NT-1,
   BAYES_NT the group's size, BAYES_SYNC() a barrier over the group that
   also orders memory. The including code defines them before the emitted
   code; the defaults are a group of one thread. */
#ifndef BAYES_TID
#define BAYES_TID 0
#endif
#ifndef BAYES_NT
#define BAYES_NT 1
#endif
#ifndef BAYES_SYNC
#define BAYES_SYNC() ((void)0)
#endif

/* BAYES_COOP_SUM(partial, red) returns the sum of every thread's partial
   to every thread, the same bits in all of them, and leaves red free for
   the next use on return (red holds at least NT bayes_real, shared by the
   group). The emitted code relies on nothing else of it. The generic
   default below adds red[0..NT-1] in index order in every thread, so
   that the total is also the same from run to run; a backend may define a
   faster one (a block reduction in shared memory) with the same
   contract. */
#ifndef BAYES_COOP_SUM
#define BAYES_COOP_SUM(partial, red) bayes_coop_sum((partial), (red))
BAYES_FN bayes_real bayes_coop_sum(bayes_real partial, bayes_real *red)
{
	red[BAYES_TID] = partial;
	BAYES_SYNC();
	bayes_real s = BAYES_R(0.0);
	for (int t = 0; t < BAYES_NT; t++) s += red[t];
	BAYES_SYNC();
	return s;
}
#endif
