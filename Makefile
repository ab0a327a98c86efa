# A thin wrapper over the README's commands. `make help` lists the targets.
.DEFAULT_GOAL := help
DATA ?= ../shared/data
FUZZTIME ?= 30s
PRACTICE ?= examples/demo.yaml

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: test
test: ## run the tests (the README's test command)
	go test ./...

.PHONY: e2e
e2e: ## run the browser tests in Debian's chromium (e2e/; see e2e/README.md)
	cd e2e && PAGEKEEPER_E2E=1 go test ./...

.PHONY: lint
lint: ## go vet, gofmt and staticcheck
	go vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	staticcheck ./...

.PHONY: ci
ci: ## what CI runs
	bash .ci/run

.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME (default 30s)
	scripts/fuzz-all $(FUZZTIME)

.PHONY: bench
bench: ## run the benchmarks, one package at a time (whole judgement: internal/detect BenchmarkJudge*)
	go test -p 1 -run='^$$' -bench=. -benchmem ./...

.PHONY: peers
peers: ## Pagekeeper beside npm profanity and PII filters on the sets in $(DATA) (bench/peers; needs node, npm)
	SVG=docs/peers.svg bench/peers/run.sh $(DATA)

.PHONY: build
build: ## build the pagekeeper binary
	go build -o pagekeeper ./cmd/pagekeeper

.PHONY: models
models: ## retrain the shipped models from the train splits in $(DATA)
	go run ./internal/detect/conduct/train -data $(DATA)
	go run ./internal/detect/intent/train

.PHONY: eval
eval: ## evaluate against the shared data sets in $(DATA)
	scripts/eval-all $(DATA)
