#!/usr/bin/env bash
# compat.sh — does the built .oxt work in other Linux distributions' LibreOffice?
#
# usage: tools/compat.sh [--oxt FILE] [--cache DIR] [--prepare-only] [DIST...] [aarch64]
#
# DIST: bullseye (Debian 11, LibreOffice 7.0, glibc 2.31) and/or trixie
# (Debian 13, LibreOffice 25.2); default both. For each, a throw-away Debian
# system (debootstrap minbase + libreoffice-calc-nogui, python3-uno and the
# zh-CN language pack) is built once from the Debian mirror configured in
# /etc/apt/sources.list* (override: KPI_COMPAT_MIRROR=URL) and kept in the
# cache folder (default ~/.cache/kpicalc-compat; delete a DIST folder there to
# rebuild it). Each run copies the .oxt (default build/kpicalc.oxt), tools/,
# catalogue/, idl/ and one template (A/B test report) into it and runs tools/compat_check.py there:
# install the .oxt into a private profile as an unprivileged user, formula
# checks, Function Wizard texts in zh-CN, a template recalculated with
# tools/kpi-recalc. It ends with a table: distribution, LibreOffice, glibc, result.
#
# aarch64 smoke test (argument aarch64; also part of the default run): the
# .oxt's linux_aarch64 add-in under qemu-user, registered in Debian 12's arm64
# URE from build/aarch64-sysroot by build/aarch64/addin/kpi_addin_smoke
# (tests/cross/addin_smoke.cxx) as the extension manager does, computing RETENTION,
# WILSONCI, BGNBDEXPECTED and BGNBDFIT against the catalogue's examples. Needs
# a build made with the aarch64 cross compiler and qemu-user (tools/setup.sh
# installs both); no chroot, no network.
#
# Needs root (debootstrap, chroot, mounts; re-runs itself with sudo) and the
# Debian archive; the first run per DIST takes a few minutes (≈650 MB on disk).
# Clean-up, also on Ctrl+C, kill or a closed terminal: everything runs in its
# own mount and PID namespaces (unshare), so its mounts and every process it
# started (LibreOffice included) end with it; a trap unmounts and removes the
# copied files, and a run finding copies left by a killed one removes them.
# Exit status: 0 when every DIST passed, 1 when any failed, 2 on usage errors.
# Not part of tools/test.sh: it needs the network and root, and takes minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OXT=$ROOT/build/kpicalc.oxt
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kpicalc-compat
PREPARE_ONLY=0
DISTS=()
AARCH64=0
while [ $# -gt 0 ]; do
  case $1 in
    --oxt) OXT=$(realpath "$2"); shift 2 ;;
    --cache) CACHE=$(realpath -m "$2"); shift 2 ;;
    --prepare-only) PREPARE_ONLY=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    bullseye|trixie) DISTS+=("$1"); shift ;;
    aarch64) AARCH64=1; shift ;;
    *) echo "compat.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ ${#DISTS[@]} -eq 0 ] && [ $AARCH64 = 0 ]; then DISTS=(bullseye trixie); AARCH64=1; fi
ARGS=(--oxt "$OXT" --cache "$CACHE")  # for re-running ourselves
[ $PREPARE_ONLY = 0 ] || ARGS+=(--prepare-only)
ARGS+=("${DISTS[@]}")
[ $AARCH64 = 0 ] || ARGS+=(aarch64)

if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=KPI_COMPAT_MIRROR "$0" "${ARGS[@]}"
fi
if [ $PREPARE_ONLY = 0 ] && [ ! -f "$OXT" ]; then
  echo "compat.sh: $OXT not found: run tools/build.sh first (or give --oxt)" >&2; exit 2
fi

# Private mount and PID namespaces, this script their first process: when it
# ends (or unshare is killed: --kill-child), the kernel kills every process left
# in them and drops their mounts.
if [ -z "${KPI_COMPAT_IN_NS:-}" ]; then
  KPI_COMPAT_IN_NS=1 exec unshare --mount --propagation private --pid --kill-child "$0" "${ARGS[@]}"
fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -n 9 || { echo "compat.sh: another run is using $CACHE" >&2; exit 2; }

declare -A LABEL=([bullseye]="Debian 11 (bullseye)" [trixie]="Debian 13 (trixie)")
TEMPLATE=ab-test-report.ots  # recalculated by kpi-recalc in each system
PACKAGES="libreoffice-calc-nogui python3-uno libreoffice-l10n-zh-cn libreoffice-l10n-zh-tw"

mirror() {
  if [ -n "${KPI_COMPAT_MIRROR:-}" ]; then echo "$KPI_COMPAT_MIRROR"; return; fi
  # The first Debian main-archive URI (not -security) of the machine's apt sources.
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

MOUNTS=()
CREATED=()   # folders to remove
EMPTIED=()   # folders to empty (a system's /tmp: profiles, LibreOffice's pipes)
cleanup() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  MOUNTS=()
  for p in "${CREATED[@]}"; do rm -rf --one-file-system "$p"; done
  for p in "${EMPTIED[@]}"; do find "$p" -mindepth 1 -delete 2>/dev/null || true; done
  CREATED=() EMPTIED=()
}
trap cleanup EXIT
trap 'echo "compat.sh: interrupted" >&2; exit 130' INT TERM HUP
# Long steps run in the background and are waited for: a signal then reaches
# the trap at once instead of after the step.
run() { "$@" & wait $!; }

mount_system() {  # the kernel file systems LibreOffice and apt need
  local r=$1
  mount -t proc proc "$r/proc"; MOUNTS+=("$r/proc")
  mount --bind /dev "$r/dev"; MOUNTS+=("$r/dev")
  mount -t tmpfs -o mode=1777 shm "$r/dev/shm"; MOUNTS+=("$r/dev/shm")
  mount -t sysfs sys "$r/sys"; MOUNTS+=("$r/sys")
}

prepare() {  # build $CACHE/$dist once (debootstrap + LibreOffice)
  local dist=$1 dir=$CACHE/$1
  # Ready when built with today's package list (the marker holds it): a system
  # cached with an older list gets the missing packages added.
  if [ -f "$dir/.kpicalc-compat-ready" ]; then
    [ "$(cat "$dir/.kpicalc-compat-ready")" = "$PACKAGES" ] && return 0
    mount_system "$dir"
    # shellcheck disable=SC2086
    run chroot "$dir" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 sh -c \
      "apt-get update && apt-get install -y --no-install-recommends $PACKAGES" \
      >>"$CACHE/$dist.log" 2>&1 || { cleanup; echo "package install failed: see $CACHE/$dist.log" >&2; return 1; }
    chroot "$dir" apt-get clean
    cleanup
    printf '%s' "$PACKAGES" >"$dir/.kpicalc-compat-ready"
    return 0
  fi
  command -v debootstrap >/dev/null || { apt-get install -y debootstrap >/dev/null || { apt-get update >/dev/null && apt-get install -y debootstrap >/dev/null; }; }
  local tmp=$dir.tmp
  echo "== $dist: building the system in $dir (from $(mirror); takes a few minutes)"
  mkdir -p "$CACHE"
  if [ ! -f "$tmp/.debootstrap-done" ]; then
    rm -rf --one-file-system "$tmp"
    run debootstrap --variant=minbase "$dist" "$tmp" "$(mirror)" >"$CACHE/$dist.log" 2>&1 ||
      { echo "debootstrap failed: see $CACHE/$dist.log" >&2; return 1; }
    touch "$tmp/.debootstrap-done"
  fi
  mount_system "$tmp"
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod +x "$tmp/usr/sbin/policy-rc.d"
  # shellcheck disable=SC2086
  run chroot "$tmp" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 sh -c \
    "apt-get update && apt-get install -y --no-install-recommends $PACKAGES" \
    >>"$CACHE/$dist.log" 2>&1 || { cleanup; echo "package install failed: see $CACHE/$dist.log" >&2; return 1; }
  chroot "$tmp" apt-get clean
  cleanup
  printf '%s' "$PACKAGES" >"$tmp/.kpicalc-compat-ready"
  rm -rf --one-file-system "$dir"
  mv "$tmp" "$dir"
}

RESULTS=()
check() {  # copy the add-in and the tools in, run compat_check.py, record a row
  local dist=$1 dir=$CACHE/$1 work lo glibc result
  # Left by a killed run (we hold the lock): copies, profiles, LibreOffice's pipes.
  rm -rf --one-file-system "$dir"/kpicalc-run.*
  find "$dir/tmp" -mindepth 1 -delete
  EMPTIED+=("$dir/tmp")
  work=$(mktemp -d "$dir/kpicalc-run.XXXXXX"); CREATED+=("$work")
  chmod 755 "$work"
  cp -r "$ROOT/tools" "$ROOT/catalogue" "$ROOT/idl" "$work/"
  mkdir -p "$work/core/include/kpi" "$work/templates"
  cp "$ROOT/core/include/kpi/calc_errors.def" "$work/core/include/kpi/"
  cp "$ROOT/templates/kpi-calc-en/$TEMPLATE" "$work/templates/"
  cp "$OXT" "$work/kpicalc.oxt"
  # Python < 3.11 (Debian 11 has 3.9) has no tomllib, which kpitools reads the
  # catalogue with: compat_check.py then imports this copy of the host's (pure Python).
  mkdir -p "$work/py-shim"
  cp -r "$(/usr/bin/python3 -c 'import os, tomllib; print(os.path.dirname(tomllib.__file__))')" "$work/py-shim/"
  mount_system "$dir"
  # shellcheck disable=SC2016 # ${Version} is dpkg-query's
  lo=$(chroot "$dir" dpkg-query -W -f '${Version}' libreoffice-calc-nogui | sed 's/^[0-9]*://; s/-.*//')
  # shellcheck disable=SC2016
  glibc=$(chroot "$dir" dpkg-query -W -f '${Version}' libc6 | sed 's/-.*//')
  echo "== $dist: LibreOffice $lo, glibc $glibc"
  if run chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 \
       /usr/bin/python3 "/${work#"$dir"/}/tools/compat_check.py" "/${work#"$dir"/}"; then
    result=pass
  else
    result=FAIL
  fi
  cleanup
  RESULTS+=("${LABEL[$dist]}|$lo|$glibc|$result")
}

# aarch64 smoke test: the shipped linux_aarch64 .so under qemu-user with
# Debian's arm64 URE (tools/aarch64-smoke.sh; the same as ctest's aarch64.addin_smoke).
check_aarch64() {
  local label="Debian 12 arm64 (qemu)" sysroot=$ROOT/build/aarch64-sysroot smoke=$ROOT/build/aarch64/addin/kpi_addin_smoke
  local lo glibc result
  lo=$(sed 's/^[0-9]*://; s/-.*//' "$sysroot/ure-version" 2>/dev/null || true)
  # shellcheck disable=SC2016 # ${Version} is dpkg-query's
  glibc=$(dpkg-query -W -f '${Version}' libc6-arm64-cross 2>/dev/null | sed 's/-.*//' || true)
  echo "== aarch64: LibreOffice ${lo:-?} URE, glibc ${glibc:-?}, under $(qemu-aarch64 --version 2>/dev/null | head -n1 || echo 'no qemu-aarch64')"
  if [ ! -x "$smoke" ] || [ ! -f "$sysroot/.ready" ]; then
    echo "compat.sh: $smoke or $sysroot missing: build with the aarch64 cross compiler (tools/setup.sh, tools/build.sh)" >&2
    result="FAIL (not built)"
  elif ! python3 -c 'import sys, zipfile; sys.exit("linux_aarch64/kpicalc.components" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$OXT"; then
    echo "compat.sh: $OXT has no linux_aarch64 add-in" >&2
    result="FAIL (not in .oxt)"
  elif run bash "$ROOT/tools/aarch64-smoke.sh" "$OXT" "$smoke" "$sysroot"; then
    result=pass
  else
    result=FAIL
  fi
  RESULTS+=("$label|${lo:-?}|${glibc:-?}|$result")
}

status=0
for d in "${DISTS[@]}"; do
  prepare "$d" || { RESULTS+=("${LABEL[$d]}|?|?|FAIL (set-up)"); status=1; continue; }
  [ $PREPARE_ONLY = 1 ] && continue
  check "$d"
done
[ $PREPARE_ONLY = 1 ] && exit $status
[ $AARCH64 = 0 ] || check_aarch64
echo
printf '%-22s | %-12s | %-6s | %s\n' distribution LibreOffice glibc result
printf '%-22s-+-%-12s-+-%-6s-+-%s\n' ---------------------- ------------ ------ ------
for row in "${RESULTS[@]}"; do
  IFS='|' read -r a b c e <<<"$row"
  printf '%-22s | %-12s | %-6s | %s\n' "$a" "$b" "$c" "$e"
  [ "$e" = pass ] || status=1
done
exit $status
