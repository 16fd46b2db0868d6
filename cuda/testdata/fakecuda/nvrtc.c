/* A fake libnvrtc.so for package cuda's TestDeviceOnFakeDriver: the NVRTC
   calls that cuda/nvrtc.go binds. A program compiles as host C++ (c++ with
   shim.h, this folder's CUDA shim, included first) into a shared library in
   $BAYES_FAKE_CUDA_DIR, where the test has put shim.h; its "PTX" and "CUBIN"
   are short images naming that library, which the fake driver (cuda.c) loads.
   After the source it writes a launcher for each __global__ kernel
   (BAYES_FAKE_KERNEL, shim.h). It checks what package cuda relies on: the
   options are an architecture and --fmad (false: no contracted multiply-adds,
   -ffp-contract=off, so that results match cc's plain-C build bit for bit); a
   CUBIN exists only for a real architecture (sm_XY); a failed compile leaves
   the compiler's messages in the log. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SUCCESS = 0, INVALID_INPUT = 3, INVALID_PROGRAM = 4, INVALID_OPTION = 5, COMPILATION = 6 };

typedef struct {
	char *src;
	char lib[4096]; /* the compiled library, "" until compiled */
	int real_arch;
	char *log;
} program;

int nvrtcVersion(int *major, int *minor)
{
	*major = 13, *minor = 0;
	return SUCCESS;
}

const char *nvrtcGetErrorString(int r)
{
	switch (r) {
	case SUCCESS: return "NVRTC_SUCCESS";
	case INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
	case INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
	case INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
	case COMPILATION: return "NVRTC_ERROR_COMPILATION";
	}
	return "NVRTC_ERROR unknown";
}

int nvrtcCreateProgram(program **p, const char *src, const char *name, int nheaders, const char *const *headers,
	const char *const *names)
{
	if (p == NULL || src == NULL || nheaders != 0) return INVALID_INPUT;
	*p = calloc(1, sizeof **p);
	(*p)->src = strdup(src);
	return SUCCESS;
}

int nvrtcDestroyProgram(program **p)
{
	if (p == NULL || *p == NULL) return INVALID_PROGRAM;
	free((*p)->src), free((*p)->log), free(*p);
	*p = NULL;
	return SUCCESS;
}

/* write_launchers writes BAYES_FAKE_KERNEL(name, bounds) for each
   "bayes_fake_global void [bayes_fake_bounds(n)] name(" of the
   preprocessed source pp (shim.h's BAYES_FAKE_SCAN markers). */
static void write_launchers(FILE *f, const char *pp)
{
	for (const char *s = pp; (s = strstr(s, "bayes_fake_global")) != NULL;) {
		s += strlen("bayes_fake_global");
		const char *q = s;
		while (isspace((unsigned char)*q)) q++;
		if (strncmp(q, "void", 4) != 0) continue;
		for (q += 4; isspace((unsigned char)*q);) q++;
		char bounds[128] = "1024";
		if (strncmp(q, "bayes_fake_bounds", 17) == 0) {
			q = strchr(q, '(');
			size_t n = strcspn(q + 1, ")");
			if (n >= sizeof bounds) continue;
			memcpy(bounds, q + 1, n), bounds[n] = 0;
			for (q += 2 + n; isspace((unsigned char)*q);) q++;
		}
		int n = 0;
		while (isalnum((unsigned char)q[n]) || q[n] == '_') n++;
		if (n > 0) fprintf(f, "BAYES_FAKE_KERNEL(%.*s, %s)\n", n, q, bounds);
	}
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) return strdup("");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *b = calloc(1, n + 1);
	n = fread(b, 1, n, f);
	fclose(f);
	b[n] = 0;
	return b;
}

int nvrtcCompileProgram(program *p, int nopts, const char *const *opts)
{
	static int counter;
	const char *dir = getenv("BAYES_FAKE_CUDA_DIR");
	if (p == NULL) return INVALID_PROGRAM;
	if (dir == NULL || strlen(dir) > 3900) return INVALID_INPUT;
	const char *contract = "-ffp-contract=fast"; /* NVRTC's default, --fmad=true */
	int arch = 0;
	for (int i = 0; i < nopts; i++) {
		if (strcmp(opts[i], "--fmad=false") == 0) contract = "-ffp-contract=off";
		else if (strncmp(opts[i], "--gpu-architecture=sm_", 22) == 0) arch = 2;
		else if (strncmp(opts[i], "--gpu-architecture=compute_", 27) == 0) arch = 1;
		else if (strcmp(opts[i], "--fmad=true") != 0) return INVALID_OPTION;
	}
	if (arch == 0) return INVALID_OPTION;
	char src[4096], lib[4096], log[4096], cmd[16384];
	int k = counter++;
	snprintf(src, sizeof src, "%s/kernel%d_%d.cpp", dir, (int)getpid(), k);
	snprintf(lib, sizeof lib, "%s/kernel%d_%d.so", dir, (int)getpid(), k);
	snprintf(log, sizeof log, "%s/kernel%d_%d.log", dir, (int)getpid(), k);
	FILE *f = fopen(src, "w");
	if (f == NULL) return INVALID_INPUT;
	fprintf(f, "%s\n", p->src);
	fclose(f);
	/* Find the kernels in the preprocessed source, then compile it with
	   their launchers. */
	snprintf(cmd, sizeof cmd, "c++ -std=c++17 -E -P -DBAYES_FAKE_SCAN -include '%s/shim.h' -o '%s.ii' '%s' >'%s' 2>&1",
		dir, src, src, log);
	int rc = system(cmd);
	if (rc == 0) {
		snprintf(cmd, sizeof cmd, "%s.ii", src);
		char *pp = read_file(cmd);
		f = fopen(src, "a");
		write_launchers(f, pp);
		fclose(f);
		free(pp);
		snprintf(cmd, sizeof cmd, "c++ -std=c++17 -O1 -w %s -shared -fPIC -pthread -include '%s/shim.h' -o '%s' '%s' >'%s' 2>&1",
			contract, dir, lib, src, log);
		rc = system(cmd);
	}
	free(p->log);
	p->log = read_file(log);
	if (rc != 0) return COMPILATION;
	p->real_arch = arch == 2;
	strcpy(p->lib, lib);
	return SUCCESS;
}

int nvrtcGetProgramLogSize(program *p, size_t *n)
{
	*n = strlen(p->log ? p->log : "") + 1;
	return SUCCESS;
}

int nvrtcGetProgramLog(program *p, char *log)
{
	strcpy(log, p->log ? p->log : "");
	return SUCCESS;
}

/* The images name the library: "bayes-fake-ptx LIB" and "bayes-fake-cubin LIB". */
static const char ptx[] = "bayes-fake-ptx ", cubin[] = "bayes-fake-cubin ";

/* The PTX is text ending in its NUL, as NVRTC's. */
int nvrtcGetPTXSize(program *p, size_t *n)
{
	if (p->lib[0] == 0) return INVALID_PROGRAM;
	*n = strlen(ptx) + strlen(p->lib) + 1;
	return SUCCESS;
}

int nvrtcGetPTX(program *p, char *image)
{
	if (p->lib[0] == 0) return INVALID_PROGRAM;
	strcat(strcpy(image, ptx), p->lib);
	return SUCCESS;
}

/* The CUBIN is binary, without a final NUL (Context.LoadModule adds one);
   there is none for a virtual architecture. */
int nvrtcGetCUBINSize(program *p, size_t *n)
{
	if (p->lib[0] == 0) return INVALID_PROGRAM;
	*n = p->real_arch ? strlen(cubin) + strlen(p->lib) : 0;
	return SUCCESS;
}

int nvrtcGetCUBIN(program *p, char *image)
{
	if (p->lib[0] == 0 || !p->real_arch) return INVALID_PROGRAM;
	memcpy(image, cubin, strlen(cubin));
	memcpy(image + strlen(cubin), p->lib, strlen(p->lib));
	return SUCCESS;
}
