#!/usr/bin/env bash
# Prepares .gpu/ (git-ignored) for bench/gpu_check.sh: the Deno binary, xz-compressed (~31 MB), and Debian's Vulkan
# loader package, so the device machine needs neither network nor a Deno install.
#
#   bash bench/gpu_pack.sh && (device) bash bench/gpu_check.sh "$OUT"
set -eu
cd "$(dirname "$0")/.."
mkdir -p .gpu
xz -T0 -9 -c "$(command -v deno)" > .gpu/deno.xz
(cd .gpu && apt-get download libvulkan1 >/dev/null 2>&1) || echo "warning: could not download libvulkan1"
ls -la .gpu
