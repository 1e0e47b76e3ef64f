# The user's entry points. A thin façade over npm scripts and the tools in infra/ and scripts/;
# `make help` lists every target. Dependencies install themselves when missing or stale.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Before any target runs (`make help` aside): one line, and nothing else, on a Node older than
# package.json's engines.node (scripts/check-node.mjs).
ifneq ($(filter-out help,$(or $(MAKECMDGOALS),help)),)
NODE_TOO_OLD := $(shell node scripts/check-node.mjs 2>/dev/null || echo 'Node 22 or later is needed, found none on PATH: install it or `nvm use`')
ifneq ($(NODE_TOO_OLD),)
$(error $(NODE_TOO_OLD))
endif
endif

export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true
export CDK_DISABLE_VERSION_CHECK := 1
export PACT_DO_NOT_TRACK := true

NODE_MODULES := node_modules/.package-lock.json
SOURCES := $(shell find core/src api/src delete-fn/src infra/src infra/local scripts -path '*/dist' -prune -o \( -name '*.ts' -o -name '*.mjs' \) -print 2>/dev/null)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

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
api: build ## Quick try: embedded DynamoDB + the api on :8000, in the foreground
	@node infra/local/dist/quick-try.js

.PHONY: generate
generate: $(NODE_MODULES) ## Regenerate types and the spec module from openapi.yaml
	npm run generate --silent

.PHONY: lint
lint: $(NODE_MODULES) ## Lint code (eslint), the spec (redocly) and the formatting (prettier --check)
	npx eslint .
	npx redocly lint openapi.yaml --format=stylish
	npx prettier --check --log-level=warn .

.PHONY: format
format: $(NODE_MODULES) ## Format every file Prettier handles, in place (.prettierrc.json, .prettierignore)
	npx prettier --write --log-level=warn .

.PHONY: typecheck
typecheck: $(NODE_MODULES) ## Type-check every workspace, tests included
	npx tsc -p tsconfig.json --noEmit
	node scripts/generate.mjs --check

.PHONY: unit
unit: $(NODE_MODULES) ## Component tests of every workspace, in-process (vitest project `unit`)
	npx vitest run --project unit

.PHONY: e2e
e2e: build ## Black-box tests on real processes: journeys, CLI, nginx, Compose, browser, fuzzing, faults, security
	npx vitest run --project e2e

.PHONY: test-compose
test-compose: build ## The Docker suites: the journeys on the Compose stack, images, Testcontainers (skip without an engine)
	npx vitest run --config test/compose/vitest.config.ts

.PHONY: contract
contract: $(NODE_MODULES) build ## Contract tests: Pact consumer → pacts against openapi.yaml → provider verification
	npm run contract --silent -w contracts

.PHONY: test
test: lint typecheck unit e2e test-compose contract ## Everything CI runs: lint, typecheck, unit, e2e, the Docker suites (where an engine answers), the contracts

.PHONY: fuzz
fuzz: $(NODE_MODULES) build ## A longer fuzz campaign than CI's 5,000: make fuzz RUNS=100000 [SEED=123]
	FUZZ_RUNS=$(or $(RUNS),50000) $(if $(SEED),FUZZ_SEED=$(SEED)) npx vitest run --project e2e test/fuzz

STACK_CLI := node infra/local/dist/stack-cli.js

.PHONY: offline-images
offline-images: ## Where base images cannot be pulled: build labelled local stand-ins for them (root, debootstrap)
	@bash docker/offline-images/build.sh

.PHONY: up down ps logs reset seed dev
up: build ## Start the whole stack (embedded, or Compose where Docker runs: DYNAMODB=localstack|embedded) and wait until healthy
	@$(STACK_CLI) up
down: build ## Stop everything `make up` started (the data stays)
	@$(STACK_CLI) down
ps: build ## Show each service's state and health
	@$(STACK_CLI) ps
logs: build ## Follow every service's log, prefixed by service
	@$(STACK_CLI) logs
reset: build ## Empty the data
	@$(STACK_CLI) reset
seed: build ## Load sample items through the router
	@$(STACK_CLI) seed
dev: build ## The stack in the foreground; rebuilds and restarts a handler when its source changes
	@$(STACK_CLI) dev

.PHONY: token
token: $(NODE_MODULES) ## A bearer token from the local issuer (AUTH=jwt make up), valid 1 h: make token [CLAIMS='{"scope":"items:write"}']
	@$(MAKE) --no-print-directory -s build >&2
	@node infra/local/dist/token.js

STAGE ?= dev
CDK_CONTEXT = -c stage=$(STAGE)

.PHONY: synth diff deploy deploy-local destroy bootstrap
synth: $(NODE_MODULES) ## Synthesize the CDK app for AWS and for LocalStack: offline, no credentials, no Docker
	cd infra && npx cdk synth -q -c target=aws $(CDK_CONTEXT) -o cdk.out/aws
	cd infra && npx cdk synth -q -c target=local $(CDK_CONTEXT) -o cdk.out/local
diff: $(NODE_MODULES) ## Show what `make deploy` would change (STAGE=dev by default)
	@node infra/scripts/preflight.mjs aws
	cd infra && npx cdk diff -c target=aws $(CDK_CONTEXT)
# The deploy asks before a change that broadens IAM or security groups (CDK's default); CI, which
# gates such changes itself, passes --require-approval never explicitly.
deploy: $(NODE_MODULES) ## Deploy the whole topology to AWS (STAGE=dev; needs credentials, Docker, make bootstrap) and print its URL
	@node infra/scripts/preflight.mjs deploy
	cd infra && npx cdk deploy -c target=aws $(CDK_CONTEXT) --require-approval broadening --outputs-file cdk.out/outputs-$(STAGE).json
	@node infra/scripts/preflight.mjs url infra/cdk.out/outputs-$(STAGE).json
deploy-local: $(NODE_MODULES) ## Deploy the table and the Lambda to LocalStack (cdklocal); checks LocalStack answers first
	@node infra/scripts/preflight.mjs localstack
	cd infra && npx cdklocal bootstrap -c target=local $(CDK_CONTEXT) && npx cdklocal deploy -c target=local $(CDK_CONTEXT) --require-approval never
# Not CDK's default bootstrap, whose CloudFormation execution role is AdministratorAccess: first the
# scoped execution policy and its permissions boundary (infra/bootstrap/cdk-policies.yaml), then the
# bootstrap with both. Needs the AWS CLI. docs/cloud-guardrails.md.
bootstrap: $(NODE_MODULES) ## Once per account and region: CDK bootstrap with a scoped execution policy and a permissions boundary (AWS CLI)
	@node infra/scripts/preflight.mjs aws
	aws cloudformation deploy --stack-name picus-cdk-policies --template-file infra/bootstrap/cdk-policies.yaml --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset
	account=$$(aws sts get-caller-identity --query Account --output text) && region=$${AWS_REGION:-$$(aws configure get region)} && \
	  cd infra && npx cdk bootstrap "aws://$$account/$${region:?set AWS_REGION}" \
	  --cloudformation-execution-policies "arn:aws:iam::$$account:policy/picus-cdk-execution" --custom-permissions-boundary picus-cdk-boundary
destroy: $(NODE_MODULES) ## Delete the AWS stack (production-like stages keep their table)
	@node infra/scripts/preflight.mjs aws
	cd infra && npx cdk destroy -c target=aws $(CDK_CONTEXT) --force

.PHONY: smoke
smoke: $(NODE_MODULES) ## Run the curl flow against a running stack: make smoke URL=https://… (default: the local router)
	@node scripts/bundle.mjs test/smoke.ts dist/smoke.js && node dist/smoke.js $(or $(URL),http://localhost:8080)

.PHONY: bench
bench: build ## Benchmarks: load scenarios on the embedded stack, cold init, make up; writes bench/results/latest.{json,md} (~3½ min)
	@node scripts/bundle.mjs bench/bare-http-server.ts bench/dist/bare-http-server.js && node scripts/bundle.mjs bench/bare-proxy.ts bench/dist/bare-proxy.js && node scripts/bundle.mjs bench/bare-express-server.ts bench/dist/bare-express-server.js && node scripts/bundle.mjs bench/sdk-floor.ts bench/dist/sdk-floor.js && node scripts/bundle.mjs bench/run.ts bench/dist/run.js && node bench/dist/run.js
