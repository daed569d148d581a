#!/bin/sh
# Runs Debian's Ignition engine (fetch-offline, then files) on a copy of a base
# root, inside a private mount namespace: the host's / is remounted read-only,
# the scratch root is a tmpfs. Usage (as root, through unshare):
#   unshare --mount --propagation private sh run-in-namespace.sh SCRATCH BASE_TAR CONFIG
# Prints the resulting tree as a tar on stdout; the engine's log and exit
# codes go to stderr as lines "ignition-status <stage> <code>".
set -u
SCRATCH=$1 BASE_TAR=$2 CONFIG=$3
ENGINE=/usr/lib/dracut/modules.d/30ignition/ignition
mount -t tmpfs -o mode=0755 tmpfs "$SCRATCH" || exit 90
mkdir -p "$SCRATCH/root" "$SCRATCH/run" "$SCRATCH/bin"
tar -xpf "$BASE_TAR" -C "$SCRATCH/root" || exit 91
cp "$CONFIG" "$SCRATCH/config.ign"
# The Debian build relabels for SELinux: a setfiles that reads its input stands in.
printf '#!/bin/sh\ncat >/dev/null\nexit 0\n' > "$SCRATCH/bin/setfiles"
chmod 755 "$SCRATCH/bin/setfiles"
# The host's / read-only from here on; only the tmpfs stays writable.
mount --bind / / 2>/dev/null; mount -o remount,bind,ro / || exit 92
mount -o remount,bind,ro /tmp 2>/dev/null || true
# Enabling a templated unit asks systemd its version over /run/systemd/private: a stand-in answers.
mount -t tmpfs -o mode=0755 tmpfs /run/systemd || exit 93
node "$(dirname "$0")/fake-systemd.mjs" /run/systemd/private &
FAKE=$!
i=0; while [ ! -S /run/systemd/private ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
export PATH="$SCRATCH/bin:/usr/sbin:/usr/bin:/sbin:/bin" IGNITION_CONFIG_FILE="$SCRATCH/config.ign"
START=$(date +%s%N)
for stage in fetch-offline files; do
  "$ENGINE" --platform file --stage "$stage" --root "$SCRATCH/root" \
    --config-cache "$SCRATCH/run/ignition.json" --state-file "$SCRATCH/run/state" \
    --neednet "$SCRATCH/run/neednet" --log-to-stdout >"$SCRATCH/log-$stage" 2>&1
  code=$?
  cat "$SCRATCH/log-$stage" >&2
  echo "ignition-status $stage $code" >&2
  [ $code -eq 0 ] || break
done
echo "ignition-time-ns $(( $(date +%s%N) - START ))" >&2
kill $FAKE 2>/dev/null
tar --numeric-owner -cpf - -C "$SCRATCH/root" .
