#!/usr/bin/env bash
# The Pact Broker steps of the pipeline, with @pact-foundation/pact-cli (a native binary from npm:
# no Ruby, no Docker). Each mode skips with a message, and succeeds, when PACT_BROKER_BASE_URL is
# unset, so forks and local runs without a broker stay green.
#
#   pact-broker.sh publish              publish contracts/pacts (the CLI only: no stack runs)
#   pact-broker.sh verify               verify the broker's pacts against a fresh embedded stack and
#                                       publish the results; the test takes the token out of the
#                                       environment before the stack starts (broker-options.ts)
#   pact-broker.sh can-i-deploy ENV     may this version of both sides go to ENV? (waits for results)
#   pact-broker.sh record-deployment ENV   tell the broker this version now runs in ENV
#
# Environment: PACT_BROKER_BASE_URL, PACT_BROKER_TOKEN (the CLI reads both itself),
# PACT_VERSION (default: the git commit), PACT_BRANCH (default: the CI branch, else git's).
set -euo pipefail
cd "$(dirname "$0")/.."
export PACT_DO_NOT_TRACK=true

if [ -z "${PACT_BROKER_BASE_URL:-}" ]; then
  echo "Skipping pact-broker $*: PACT_BROKER_BASE_URL is not set (make contract already verified the pacts locally)."
  exit 0
fi

mode=${1:?usage: pact-broker.sh publish | verify | can-i-deploy ENV | record-deployment ENV}
version=${PACT_VERSION:-$(git rev-parse HEAD)}
branch=${PACT_BRANCH:-${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}}}
broker=../node_modules/.bin/pact-broker
pacticipants=(picus-client picus-api)

case "$mode" in
  publish)
    "$broker" publish pacts --consumer-app-version "$version" --branch "$branch"
    ;;
  verify)
    # Only the stack's verification: the wrong-provider tests check the verifier, not this version.
    PACT_VERIFY_FROM_BROKER=true PACT_PROVIDER_VERSION="$version" PACT_BRANCH="$branch" npm run test:provider -- picus-api.provider
    ;;
  can-i-deploy)
    environment=${2:?can-i-deploy needs the environment}
    for pacticipant in "${pacticipants[@]}"; do
      "$broker" can-i-deploy --pacticipant "$pacticipant" --version "$version" --to-environment "$environment" --retry-while-unknown 6 --retry-interval 10
    done
    ;;
  record-deployment)
    environment=${2:?record-deployment needs the environment}
    for pacticipant in "${pacticipants[@]}"; do
      "$broker" record-deployment --pacticipant "$pacticipant" --version "$version" --environment "$environment"
    done
    ;;
  *)
    echo "unknown mode: $mode" >&2
    exit 2
    ;;
esac
