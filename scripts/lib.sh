# Shared by scripts/start and scripts/test: a project venv with policykg installed.
# Sourced, not run. PYTHON may name another interpreter (>= 3.11).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${POLICYKG_VENV:-$ROOT/.venv}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_venv() {  # ensure_venv [extras]
  local extras="${1:-}"
  local py="${PYTHON:-python3}"
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$py" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  local spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  log "installing policykg${extras:+ [$extras]}"
  "$VENV/bin/python" -m pip install --quiet --editable "$spec"
}

as_root() {  # run a command as root (directly, or via sudo)
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}
