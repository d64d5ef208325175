#!/bin/sh
# Starts a browser in a private mount namespace in which some system folders (e.g. /etc/chromium, where
# Chromium reads browser policy) show a test's temp folders instead. Only this browser and its children see
# them, and the view ends with the browser: nothing is written outside the test's temp folders.
# Set up by scripts/private-etc.ts, through the environment:
#   FG_PRIVATE_BROWSER  the real browser executable
#   FG_PRIVATE_BINDS    lines alternating source (a temp folder) and target (an existing system folder)
#   FG_PRIVATE_USERNS   1: make the mount namespace inside a user namespace of its own (a normal user, or root
#                       without CAP_SYS_ADMIN, e.g. in some containers); chosen by private-etc.ts
# The browser's own arguments, and the pipes Playwright talks to it through, pass through unchanged.
set -eu
if [ "${FG_PRIVATE_INSIDE:-}" != 1 ]; then
  export FG_PRIVATE_INSIDE=1
  if [ "${FG_PRIVATE_USERNS:-}" = 1 ]; then
    # Mount rights inside a user namespace of its own (the user appears as root there).
    exec unshare --user --map-root-user --mount --propagation private "$0" "$@"
  fi
  exec unshare --mount --propagation private "$0" "$@"
fi
printf '%s\n' "$FG_PRIVATE_BINDS" | while IFS= read -r source && IFS= read -r target; do
  mount --bind "$source" "$target"
done
exec "$FG_PRIVATE_BROWSER" "$@"
