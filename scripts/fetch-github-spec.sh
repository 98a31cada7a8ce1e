#!/usr/bin/env bash
# Fetches GitHub's REST description (npm package @octokit/openapi@23.0.2: 13 MB of JSON, 1,223
# operations) into target/github/ (ignored), for the generator benchmark and the CI check of the
# crate generated from it. Prints the spec's path.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/github
spec="$dir/package/generated/api.github.com.json"
if [ ! -f "$spec" ]; then
  mkdir -p "$dir"
  npm pack --silent --pack-destination "$dir" @octokit/openapi@23.0.2 >/dev/null
  tar xzf "$dir/octokit-openapi-23.0.2.tgz" -C "$dir"
fi
echo "$spec"
