# sitegen: make build | make serve | make test | make bench
GO ?= go
BIN := bin/sitegen

.PHONY: all build binary serve test vet fmt-check mutate bench bench-data bench-compare bench-warm bench-serve clean

all: build

## build: build the sitegen binary and the bundled site into public/
build: binary
	./$(BIN) build

binary:
	$(GO) build -o $(BIN) ./cmd/sitegen

## serve: serve the bundled site with live reload on http://127.0.0.1:1313/
serve: binary
	./$(BIN) serve

## test: every test (unit, golden, CLI scripts, browser), plus vet and gofmt
test: fmt-check vet
	@if [ -f package.json ]; then npm ci --no-audit --no-fund --silent; fi
	$(GO) test -count=1 -timeout 12m ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## mutate: mutation testing with gremlins (installed if missing), every package
## or those in PKG= (make mutate PKG=./internal/render); slow, not part of test.
## See TESTING.md
mutate:
	GO=$(GO) scripts/mutate.sh $(PKG)

## bench: Go benchmarks per stage (load, catalog, render, write) and end to end on
## 1,000- and 10,000-image catalogs from ../shared/bench/gencatalog; prints medians
SHARED ?= ../shared
BENCH_DIR ?= bench/data
BENCH_COUNT ?= 5
BENCHSTAT := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench: bench-data
	SITEGEN_BENCH_DIR=$(abspath $(BENCH_DIR)) $(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) -timeout 60m ./internal/site/ | tee $(BENCH_DIR)/last.txt
	$(GO) run $(BENCHSTAT) $(BENCH_DIR)/last.txt

# bench-data: the 1,000- and 10,000-image catalogs, written once
bench-data:
	@mkdir -p $(BENCH_DIR)
	@for spec in 1000:1k 10000:10k; do n=$${spec%%:*}; name=$${spec##*:}; \
	  if [ ! -d $(BENCH_DIR)/cat$$name/content ]; then \
	    echo "writing the $$n-image catalog"; \
	    (cd $(SHARED)/bench/gencatalog && $(GO) run . -n $$n -out $(abspath $(BENCH_DIR))/cat$$name) || exit 1; \
	  fi; done

## bench-compare: sitegen against Hugo and the bare pipeline, timed in alternation
bench-compare:
	bench/compare.sh 5 1000 10000

## bench-warm: cold (--no-cache), warm and one-file-edited builds of the
## 10,000-image catalog, in alternation
bench-warm:
	bench/warm.sh 3 10000

## bench-serve: serve on the 10,000-image catalog in headless Chromium: time to
## the first page, every kind of edit saved in place and by rename (median, min,
## max from the save to the open page showing it), and the server's peak memory
bench-serve: bench-data
	SITEGEN_SERVE_SITE=$(abspath $(BENCH_DIR))/cat10k $(GO) test -count=1 -run TestBrowserEveryEdit -v -timeout 20m ./cmd/sitegen | grep -E 'edits_test|^ok|FAIL'

clean:
	rm -rf bin public
