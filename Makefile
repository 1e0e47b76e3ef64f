# The user's entry points. A thin façade over npm scripts and the tools in infra/ and scripts/;
# `make help` lists every target. Dependencies install themselves when missing or stale.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true
export CDK_DISABLE_VERSION_CHECK := 1
export PACT_DO_NOT_TRACK := true

NODE_MODULES := node_modules/.package-lock.json
SOURCES := $(shell find core/src api/src delete-fn/src infra/src infra/local scripts -name '*.ts' -o -name '*.mjs' 2>/dev/null)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(NODE_MODULES): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: install
install: $(NODE_MODULES) ## Install dependencies (npm ci)

.PHONY: build
build: dist/.built ## Bundle every runnable process (api, Lambda, local stack) into dist/

dist/.built: $(NODE_MODULES) $(SOURCES)
	npm run build --silent
	@mkdir -p dist && touch $@

.PHONY: api
api: $(NODE_MODULES) ## Quick try: embedded DynamoDB + the api on :8000, in the foreground
	@node scripts/bundle.mjs scripts/quick-try.ts dist/quick-try.js && node dist/quick-try.js

.PHONY: generate
generate: $(NODE_MODULES) ## Regenerate types and the spec module from openapi.yaml
	npm run generate --silent

.PHONY: lint
lint: $(NODE_MODULES) ## Lint code (eslint) and the spec (redocly)
	npx eslint .
	npx redocly lint openapi.yaml --format=stylish

.PHONY: typecheck
typecheck: $(NODE_MODULES) ## Type-check every workspace, tests included
	npx tsc -p tsconfig.json --noEmit
	node scripts/generate.mjs --check

.PHONY: unit
unit: $(NODE_MODULES) build ## Run the vitest suites (component, journeys, router, fuzz, faults, browser)
	npx vitest run

.PHONY: test
test: lint typecheck unit ## Everything CI runs: lint, typecheck, every test
