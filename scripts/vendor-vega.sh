#!/usr/bin/env bash
# Copies the minified vega, vega-lite, vega-interpreter and vega-embed builds of the installed npm packages (the
# versions package-lock.json pins) into DataStoryBot.Core/Web/vendor, where the page's interactive charts load them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
ensure_node_tools
DEST=DataStoryBot.Core/Web/vendor
for f in vega/build/vega.min.js vega-lite/build/vega-lite.min.js vega-interpreter/build/vega-interpreter.min.js vega-embed/build/vega-embed.min.js; do
  cp "node_modules/$f" "$DEST/"
  log "$f ($(node -p "require('./node_modules/${f%%/*}/package.json').version")) → $DEST/$(basename "$f")"
done
