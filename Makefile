# sitegen: make build | make serve | make test | make bench
GO ?= go
BIN := bin/sitegen

.PHONY: all build binary serve test vet fmt-check bench clean

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
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin public
