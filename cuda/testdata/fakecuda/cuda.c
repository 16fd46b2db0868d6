/* A fake libcuda.so.1 for package cuda's TestDeviceOnFakeDriver: the CUDA
   driver API calls that cuda/driver.go binds, run on the CPU. One device,
   "Fake H100 (CPU)", compute capability 9.0. A module is the shared library
   that the fake NVRTC (nvrtc.c) built; a launch runs each block's threads as
   POSIX threads (a real barrier for __syncthreads, shim.h), the blocks one
   after another, and returns when done.
   It holds package cuda to the real driver's contracts that it relies on:
   every call after the device queries needs a context current on the calling
   thread (CUDA_ERROR_INVALID_CONTEXT); cuMemAlloc's memory is garbage (0xff
   bytes: NaN doubles and floats, -1 ints) until written; a copy must lie
   inside one live allocation or module global, a free must name a live
   allocation, a function or global must exist (CUDA_ERROR_NOT_FOUND), a block
   must fit the kernel's __launch_bounds__; cuModuleGetGlobal gives the
   variable's size; cuModuleLoadData tells the PTX and CUBIN images apart.
   cuCtxDestroy frees what the context still holds, as the real driver does,
   and counts it as leaked: bayes_fake_counter, which the test reads, reports
   the leaks and the live contexts, modules and allocations, and how many
   modules came from each kind of image. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	SUCCESS = 0, INVALID_VALUE = 1, INVALID_DEVICE = 101, INVALID_IMAGE = 200, INVALID_CONTEXT = 201,
	INVALID_HANDLE = 400, NOT_FOUND = 500, LAUNCH_OUT_OF_RESOURCES = 701, NOT_SUPPORTED = 801,
};

/* A region is an allocation or a module's global: the device memory that
   copies may touch. A context owns its modules and allocations. */
typedef struct region {
	uintptr_t p;
	size_t n;
	void *owner; /* the context of an allocation, the module of a global */
	struct region *next;
} region;

typedef struct context {
	struct context *next;
} context;

typedef struct module {
	context *ctx;
	void *lib;
	struct module *next;
} module;

typedef struct {
	module *mod;
	void (*launch)(void **);
	void (*thread)(unsigned, unsigned, unsigned, unsigned, pthread_barrier_t *);
	int bounds;
} function;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __thread context *current;
static context *contexts;
static module *modules;
static region *regions;
static long leaked, ptx_loads, cubin_loads;

/* COUNT(n, list) sets n to the length of a list. */
#define COUNT(n, list) \
	do { \
		n = 0; \
		for (__typeof__(list) x = list; x != NULL; x = x->next) n++; \
	} while (0)

/* bayes_fake_counter reports one of the fake's counts, -1 for an unknown name. */
long bayes_fake_counter(const char *name)
{
	pthread_mutex_lock(&mu);
	long n = -1;
	if (strcmp(name, "leaked") == 0) n = leaked;
	if (strcmp(name, "contexts") == 0) COUNT(n, contexts);
	if (strcmp(name, "modules") == 0) COUNT(n, modules);
	if (strcmp(name, "regions") == 0) COUNT(n, regions);
	if (strcmp(name, "ptx_loads") == 0) n = ptx_loads;
	if (strcmp(name, "cubin_loads") == 0) n = cubin_loads;
	pthread_mutex_unlock(&mu);
	return n;
}

int cuGetErrorName(int r, const char **s)
{
	static const struct {
		int r;
		const char *name;
	} names[] = {{SUCCESS, "CUDA_SUCCESS"}, {INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE"},
		{INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE"}, {INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE"},
		{INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT"}, {INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE"},
		{NOT_FOUND, "CUDA_ERROR_NOT_FOUND"}, {LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"},
		{NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED"}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].r == r) {
			*s = names[i].name;
			return SUCCESS;
		}
	}
	*s = NULL;
	return INVALID_VALUE;
}

int cuInit(unsigned flags) { return flags == 0 ? SUCCESS : INVALID_VALUE; }
int cuDriverGetVersion(int *v) { *v = 13000; return SUCCESS; }
int cuDeviceGetCount(int *n) { *n = 1; return SUCCESS; }
int cuDeviceGet(int *dev, int ordinal) { *dev = ordinal; return ordinal == 0 ? SUCCESS : INVALID_DEVICE; }
int cuDeviceGetName(char *name, int len, int dev) { snprintf(name, len, "Fake H100 (CPU)"); return dev == 0 ? SUCCESS : INVALID_DEVICE; }
int cuDeviceTotalMem_v2(size_t *bytes, int dev) { *bytes = (size_t)80 << 30; return dev == 0 ? SUCCESS : INVALID_DEVICE; }

int cuDeviceGetAttribute(int *v, int attr, int dev)
{
	if (dev != 0) return INVALID_DEVICE;
	switch (attr) {
	case 75: *v = 9; return SUCCESS; /* CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR */
	case 76: *v = 0; return SUCCESS; /* ..._MINOR */
	}
	return NOT_SUPPORTED;
}

int cuCtxCreate_v2(context **c, unsigned flags, int dev)
{
	if (dev != 0) return INVALID_DEVICE;
	pthread_mutex_lock(&mu);
	*c = calloc(1, sizeof **c);
	(*c)->next = contexts, contexts = *c;
	current = *c;
	pthread_mutex_unlock(&mu);
	return SUCCESS;
}

/* live is c when it is a context not yet destroyed, else NULL (call with mu held). */
static context *live(context *c)
{
	for (context *x = contexts; x != NULL; x = x->next) {
		if (x == c) return c;
	}
	return NULL;
}

int cuCtxSetCurrent(context *c)
{
	pthread_mutex_lock(&mu);
	int r = c == NULL || live(c) ? SUCCESS : INVALID_CONTEXT;
	if (r == SUCCESS) current = c;
	pthread_mutex_unlock(&mu);
	return r;
}

/* enter locks the fake for a call that needs a current context. */
static int enter(void)
{
	pthread_mutex_lock(&mu);
	if (current != NULL && live(current)) return SUCCESS;
	pthread_mutex_unlock(&mu);
	return INVALID_CONTEXT;
}

static int leave(int r)
{
	pthread_mutex_unlock(&mu);
	return r;
}

/* drop_regions frees (allocations) or forgets (globals) owner's regions,
   returning how many there were. */
static long drop_regions(void *owner, int allocated)
{
	long n = 0;
	for (region **r = &regions; *r != NULL;) {
		region *x = *r;
		if (x->owner != owner) {
			r = &x->next;
			continue;
		}
		*r = x->next;
		if (allocated) free((void *)x->p);
		free(x);
		n++;
	}
	return n;
}

static void unload(module **m)
{
	module *x = *m;
	*m = x->next;
	drop_regions(x, 0);
	dlclose(x->lib);
	free(x);
}

int cuCtxDestroy_v2(context *c)
{
	pthread_mutex_lock(&mu);
	if (!live(c)) return leave(INVALID_CONTEXT);
	long n = drop_regions(c, 1);
	for (module **m = &modules; *m != NULL;) {
		if ((*m)->ctx == c) unload(m), n++;
		else m = &(*m)->next;
	}
	if (n > 0) fprintf(stderr, "fake libcuda: cuCtxDestroy: %ld allocations or modules still live (leaked)\n", n);
	leaked += n;
	for (context **x = &contexts; *x != NULL; x = &(*x)->next) {
		if (*x == c) {
			*x = c->next;
			break;
		}
	}
	if (current == c) current = NULL;
	free(c);
	return leave(SUCCESS);
}

int cuCtxSynchronize(void) { return enter() ? INVALID_CONTEXT : leave(SUCCESS); }

int cuModuleLoadData(module **m, const char *image)
{
	if (enter()) return INVALID_CONTEXT;
	const char *lib = NULL;
	long *kind = NULL;
	if (strncmp(image, "bayes-fake-ptx ", 15) == 0) lib = image + 15, kind = &ptx_loads;
	if (strncmp(image, "bayes-fake-cubin ", 17) == 0) lib = image + 17, kind = &cubin_loads;
	void *h = lib ? dlopen(lib, RTLD_NOW | RTLD_LOCAL) : NULL;
	if (h == NULL) return leave(INVALID_IMAGE);
	(*kind)++;
	*m = calloc(1, sizeof **m);
	(*m)->ctx = current, (*m)->lib = h;
	(*m)->next = modules, modules = *m;
	return leave(SUCCESS);
}

/* find returns the module's entry in modules, NULL if it is not loaded
   (call with mu held). */
static module **find(module *m)
{
	for (module **x = &modules; *x != NULL; x = &(*x)->next) {
		if (*x == m) return x;
	}
	return NULL;
}

int cuModuleUnload(module *m)
{
	if (enter()) return INVALID_CONTEXT;
	module **x = find(m);
	if (x == NULL) return leave(INVALID_HANDLE);
	unload(x);
	return leave(SUCCESS);
}

int cuModuleGetFunction(function **f, module *m, const char *name)
{
	if (enter()) return INVALID_CONTEXT;
	if (find(m) == NULL) return leave(INVALID_HANDLE);
	char sym[300];
	snprintf(sym, sizeof sym, "bayes_fake_launch_%s", name);
	void *launch = dlsym(m->lib, sym);
	snprintf(sym, sizeof sym, "bayes_fake_bounds_%s", name);
	const int *bounds = dlsym(m->lib, sym);
	if (launch == NULL || bounds == NULL) return leave(NOT_FOUND);
	/* A CUfunction lives as long as its module; the fake's few are not freed. */
	function *x = calloc(1, sizeof *x);
	x->mod = m, x->launch = launch, x->bounds = *bounds;
	x->thread = dlsym(m->lib, "bayes_fake_thread");
	*f = x;
	return leave(SUCCESS);
}

int cuModuleGetGlobal_v2(uint64_t *p, size_t *n, module *m, const char *name)
{
	if (enter()) return INVALID_CONTEXT;
	if (find(m) == NULL) return leave(INVALID_HANDLE);
	void *s = dlsym(m->lib, name);
	Dl_info info;
	const ElfW(Sym) *sym = NULL;
	if (s == NULL || !dladdr1(s, &info, (void **)&sym, RTLD_DL_SYMENT) || sym == NULL) return leave(NOT_FOUND);
	region *r = calloc(1, sizeof *r);
	r->p = (uintptr_t)s, r->n = sym->st_size, r->owner = m;
	r->next = regions, regions = r;
	*p = r->p;
	if (n != NULL) *n = r->n;
	return leave(SUCCESS);
}

int cuMemAlloc_v2(uint64_t *p, size_t n)
{
	if (enter()) return INVALID_CONTEXT;
	if (n == 0) return leave(INVALID_VALUE);
	void *x = aligned_alloc(256, (n + 255) / 256 * 256);
	memset(x, 0xff, n);
	region *r = calloc(1, sizeof *r);
	r->p = (uintptr_t)x, r->n = n, r->owner = current;
	r->next = regions, regions = r;
	*p = r->p;
	return leave(SUCCESS);
}

int cuMemFree_v2(uint64_t p)
{
	if (enter()) return INVALID_CONTEXT;
	for (region **r = &regions; *r != NULL; r = &(*r)->next) {
		if ((*r)->p == p && (*r)->owner == current) {
			region *x = *r;
			*r = x->next;
			free((void *)x->p);
			free(x);
			return leave(SUCCESS);
		}
	}
	return leave(INVALID_VALUE);
}

/* inside reports whether [p, p+n) lies in one region (call with mu held). */
static int inside(uint64_t p, size_t n)
{
	for (region *r = regions; r != NULL; r = r->next) {
		if (p >= r->p && p - r->p <= r->n && n <= r->n - (p - r->p)) return 1;
	}
	return 0;
}

int cuMemcpyHtoD_v2(uint64_t dst, const void *src, size_t n)
{
	if (enter()) return INVALID_CONTEXT;
	if (!inside(dst, n)) return leave(INVALID_VALUE);
	memcpy((void *)dst, src, n);
	return leave(SUCCESS);
}

int cuMemcpyDtoH_v2(void *dst, uint64_t src, size_t n)
{
	if (enter()) return INVALID_CONTEXT;
	if (!inside(src, n)) return leave(INVALID_VALUE);
	memcpy(dst, (const void *)src, n);
	return leave(SUCCESS);
}

typedef struct {
	function *f;
	void **params;
	unsigned block, thread, nthreads, nblocks;
	pthread_barrier_t *barrier;
} job;

static void *run_thread(void *arg)
{
	job *j = arg;
	j->f->thread(j->block, j->thread, j->nthreads, j->nblocks, j->barrier);
	j->f->launch(j->params);
	return NULL;
}

/* cuLaunchKernel runs the grid before it returns (the real one queues it:
   package cuda synchronizes before it reads results, which is the same here).
   The fake's grids are one-dimensional. */
int cuLaunchKernel(function *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
	unsigned shared, void *stream, void **params, void **extra)
{
	if (enter()) return INVALID_CONTEXT;
	int r = SUCCESS;
	if (f == NULL || find(f->mod) == NULL || f->mod->ctx != current) r = INVALID_HANDLE;
	else if (gx == 0 || bx == 0 || bx > 1024 || extra != NULL) r = INVALID_VALUE;
	else if ((int)bx > f->bounds) r = LAUNCH_OUT_OF_RESOURCES;
	else if (gy != 1 || gz != 1 || by != 1 || bz != 1 || shared != 0 || stream != NULL) r = NOT_SUPPORTED;
	pthread_mutex_unlock(&mu);
	if (r != SUCCESS) return r;
	pthread_t *th = calloc(bx, sizeof *th);
	job *jobs = calloc(bx, sizeof *jobs);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	for (unsigned b = 0; b < gx; b++) {
		pthread_barrier_t barrier;
		pthread_barrier_init(&barrier, NULL, bx);
		for (unsigned t = 0; t < bx; t++) {
			jobs[t] = (job){f, params, b, t, bx, gx, &barrier};
			if (pthread_create(&th[t], &attr, run_thread, &jobs[t]) != 0) abort();
		}
		for (unsigned t = 0; t < bx; t++) pthread_join(th[t], NULL);
		pthread_barrier_destroy(&barrier);
	}
	pthread_attr_destroy(&attr);
	free(th), free(jobs);
	return SUCCESS;
}
