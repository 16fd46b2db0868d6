# bayes: the commands a user and CI run. `make run` runs the main job on the
# shipped eight schools example; `make test` is the whole test suite.

GO      ?= go
BIN     := bin/bayes
MODEL   := models/eight_schools.bym
DATA    := data/schools.json

.PHONY: build run test test-gpu gpu-tests vet validate corpus bench bench-gpu bench-posteriordb bench-ode bench-gradient fuzz clean

build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/bayes

# The seed's story: the centered model, then its non-centered rewrite, with
# the NumPyro tutorial's settings (8 chains, 1000 warmup, 5000 draws, and
# its windowed adaptation of a diagonal metric: --adapt stan).
run: build
	$(BIN) sample $(MODEL) --data $(DATA) --chains 8 --warmup 1000 --samples 5000 --seed 2022 --adapt stan --output-dir out/centered --plots
	$(BIN) sample $(MODEL) --data $(DATA) --chains 8 --warmup 1000 --samples 5000 --seed 2022 --adapt stan --noncentered theta --output-dir out/noncentered

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

test: vet
	$(GO) test -count=1 ./...

# The GPU checks: package cuda's device tests and every posteriordb
# posterior sampled with CUDA. The GPU machine has no Go: `make gpu-tests`
# builds the test binaries here (bin/*.test, CGO_ENABLED=0) and `make
# test-gpu` runs them there (building them first where Go exists). The
# posteriordb tests read ../shared beside the checkout. Without a GPU every
# device test skips, saying so.
gpu-tests: build
	CGO_ENABLED=0 $(GO) test -c -o bin/cuda.test ./cuda
	CGO_ENABLED=0 $(GO) test -c -o bin/validation.test ./validation

test-gpu:
	@if command -v $(GO) >/dev/null 2>&1; then $(MAKE) gpu-tests; fi
	$(BIN) devices
	cd cuda && ../bin/cuda.test -test.count=1 -test.v
	cd validation && ../bin/validation.test -test.count=1 -test.v -test.run CUDA

# Long statistical checks: the slow posteriordb references and calibration runs.
validate:
	$(GO) test -count=1 -tags validate -timeout 60m ./...

# The posteriordb corpus (issue 14): every posterior of ../shared/corpus/posteriordb,
# its Stan program unchanged, through bayes check, bayes sample (4 x (1000 +
# 1000), seed 1) and, where it has a reference, the rule of INDEX.md; the
# table goes to VALIDATION.md. Hours for the whole corpus, so not in test or
# validate. Each posterior has CORPUS_TIMEOUT; results are kept per commit in
# out/corpus, and a run skips what the commit has done (it resumes).
# CORPUS_FLAGS: -run REGEXP (some posteriors), -check-only, -keep (the draws,
# and at the end the variants and modes of the kept runs, a second section of
# VALIDATION.md). `go run ./validation/corpus -analyse out/corpus/<commit>`
# rebuilds just that section from the kept runs of a results folder, of any
# commit, running nothing.
CORPUS_TIMEOUT ?= 10m
CORPUS_FLAGS   ?=
corpus:
	$(GO) run ./validation/corpus -timeout $(CORPUS_TIMEOUT) $(CORPUS_FLAGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	bench/eight_schools.sh

# The GPU benchmark beside NumPyro (issue 8): needs a machine with an NVIDIA
# GPU (and NumPyro/JAX for the side-by-side rows); see bench/gpu.sh for the
# knobs (RUNS, CHAINS_LIST, NS, SKIP_*, NUMPYRO, BENCH_RECORD=1, OUT).
bench-gpu:
	bench/gpu.sh

# Every posterior of ../shared/posteriordb per core, bayes beside Stan
# (rstan) when R has it, with gradients per second and ESS per gradient
# beside ESS per second (issue 21). PDB="name ..." runs only those; see
# bench/posteriordb.sh for the knobs (STAN=off, STAN_SKIP, CSV, WORK,
# TIMEOUT, POSTERIORDB, BENCH_CACHE).
bench-posteriordb:
	bench/posteriordb.sh $(PDB)

# The cost of a gradient of two ODE models, bayes beside Stan (bench/ode_cost.sh).
bench-ode:
	bench/ode_cost.sh

# The cost of one gradient, the kernel beside Stan's, for the corpus
# posteriors that finish on neither side (bench/gradient_cost.sh).
bench-gradient:
	bench/gradient_cost.sh

# Fuzz the parser and checker, then the data loader (FUZZTIME each).
FUZZTIME ?= 2m
fuzz:
	$(GO) test ./lang -run '^$$' -fuzz FuzzParseCheck -fuzztime $(FUZZTIME) -fuzzminimizetime 5s
	$(GO) test ./lang -run '^$$' -fuzz FuzzLoadData -fuzztime $(FUZZTIME) -fuzzminimizetime 5s

clean:
	rm -rf bin
