#!/usr/bin/env bash
# Smoke test of the real `dossier` app: start it in a detached tmux session (120x40) on a fresh index,
# wait for results, search, open a result, show the screen, quit with q. Exits 1 if expected text is missing.
#
#   scripts/tmux_smoke.sh                       # runs `dossier`, or `python -m dossier.tui.cli` if not on PATH
#   DOSSIER_CMD="python -m dossier.tui.cli" scripts/tmux_smoke.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${DOSSIER_CMD:-}" ]]; then
    if command -v dossier >/dev/null; then DOSSIER_CMD=dossier; else DOSSIER_CMD="${PYTHON:-python3} -m dossier.tui.cli"; fi
fi
TIMEOUT=${SMOKE_TIMEOUT:-30}
SESSION="dossier-smoke-$$"
INDEX_ROOT=$(mktemp -d)
failures=0

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$INDEX_ROOT"
}
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }

# wait_for TEXT: poll the screen until TEXT shows up, or count a failure after $TIMEOUT seconds.
wait_for() {
    local deadline=$((SECONDS + TIMEOUT))
    while ((SECONDS < deadline)); do
        if screen 2>/dev/null | grep -qF -- "$1"; then
            echo "ok: saw '$1'"
            return 0
        fi
        sleep 0.2
    done
    echo "MISSING: '$1' (after ${TIMEOUT}s)" >&2
    failures=$((failures + 1))
    return 1
}

started=$(date +%s.%N)
tmux new-session -d -s "$SESSION" -x 120 -y 40 -c "$ROOT" \
    "env DOSSIER_INDEX_ROOT='$INDEX_ROOT' TERM=xterm-256color $DOSSIER_CMD"
if wait_for "Browsing the whole corpus"; then
    echo "first run (index built from scratch): results after $(echo "$(date +%s.%N) - $started" | bc) s"
fi
wait_for "Kim Jong Un" || true

tmux send-keys -t "$SESSION" -l "Kozhemyako"
wait_for "2 results" || true
wait_for "PER Oleg Kozhemyako" || true
tmux send-keys -t "$SESSION" Escape
sleep 0.3  # so Escape and the next key are not read as alt+j
tmux send-keys -t "$SESSION" j
sleep 0.2
tmux send-keys -t "$SESSION" Enter
wait_for "003_5a1a26e7ddca32af" || true
wait_for "Kozemayako, honor guards" || true  # the matched line of article 003
wait_for "Next mention" || true  # the footer shows the reader's keys: it has focus

echo "----- screen after opening the article -----"
screen
echo "--------------------------------------------"

tmux send-keys -t "$SESSION" q
deadline=$((SECONDS + 10))
while tmux has-session -t "$SESSION" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
if tmux has-session -t "$SESSION" 2>/dev/null; then
    echo "MISSING: the app did not quit on q" >&2
    failures=$((failures + 1))
else
    echo "ok: q quit the app"
fi

if ((failures)); then
    echo "smoke test FAILED: $failures expectation(s) missing" >&2
    exit 1
fi
echo "smoke test passed"
