#!/bin/sh
# Installs eryph guest services on Linux: the egs-service binary, its systemd
# unit and the folders the daemon uses, then enables the unit.
#
#   install.sh [--binary FILE] [--unit FILE] [--root DIR] [--dry-run]
#
# --root DIR installs into the image mounted at DIR. The unit is then enabled
# by a symlink in DIR, without calling systemctl. --dry-run prints each step
# without doing it.
set -eu

script_dir=$(cd "$(dirname "$0")" && pwd)
binary="$script_dir/egs-service"
unit="$script_dir/eryph-guest-services.service"
root=""
dry_run=0
unit_name="eryph-guest-services.service"

usage() {
  echo "Usage: $0 [--binary FILE] [--unit FILE] [--root DIR] [--dry-run]"
}

fail() {
  echo "install.sh: $1" >&2
  exit "${2:-1}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --binary) [ $# -ge 2 ] || fail "--binary needs a file name." 2; binary=$2; shift 2 ;;
    --unit) [ $# -ge 2 ] || fail "--unit needs a file name." 2; unit=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || fail "--root needs a folder." 2; root=${2%/}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option '$1'." 2 ;;
  esac
done

[ -f "$binary" ] || fail "the binary '$binary' does not exist; build it with 'deno task compile' or pass --binary FILE." 2
[ -f "$unit" ] || fail "the unit file '$unit' does not exist; pass --unit FILE." 2
if [ -n "$root" ] && [ ! -d "$root" ]; then
  fail "the root folder '$root' does not exist; create it or mount the image there first." 2
fi
if [ -z "$root" ] && [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
  fail "installing onto this system needs root; run it with sudo, or pass --root DIR or --dry-run."
fi

# Prints the command, then runs it unless this is a dry run.
step() {
  echo "+ $*"
  if [ "$dry_run" -eq 0 ]; then "$@"; fi
}

step install -d -m 0755 "$root/opt/eryph/guest-services/bin"
step install -m 0755 "$binary" "$root/opt/eryph/guest-services/bin/egs-service"
step install -d -m 0755 "$root/etc/systemd/system"
step install -m 0644 "$unit" "$root/etc/systemd/system/$unit_name"
step install -d -m 0755 "$root/etc/opt/eryph/guest-services"
step install -d -m 0700 "$root/etc/opt/eryph/guest-services/private"
step install -d -m 0750 "$root/var/log/eryph/guest-services"

if [ -n "$root" ]; then
  # systemctl would act on the running system, not on the image, so the
  # symlink that `systemctl enable` makes for WantedBy=multi-user.target is
  # created directly.
  step install -d -m 0755 "$root/etc/systemd/system/multi-user.target.wants"
  step ln -sf "/etc/systemd/system/$unit_name" \
    "$root/etc/systemd/system/multi-user.target.wants/$unit_name"
else
  step systemctl daemon-reload
  step systemctl enable --now "$unit_name"
fi
