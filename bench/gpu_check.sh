#!/usr/bin/env bash
# The one device check for a lent GPU machine (no Deno, no network there): unpack Deno and the Vulkan loader
# carried in .gpu/ (made by bench/gpu_pack.sh here), list the adapter, run the webgpu engine's tests, the ensemble
# bench beside PyTorch's batched step, and the full profile of the largest experiment on the webgpu engine. New
# cache entries and the log are packed into one archive in the output folder (few files come back).
#
#   bash bench/gpu_check.sh "$OUT"        # on the device machine, from the repository root
set -u
OUT=${1:?usage: bench/gpu_check.sh OUTDIR}
mkdir -p "$OUT"
LOG="$OUT/gpu_check.log"
exec > >(tee "$LOG") 2>&1
t0=$(date +%s)
step() { echo; echo "== $* ($(($(date +%s) - t0)) s)"; }

step "unpack deno and the Vulkan loader"
WORK=$(mktemp -d)
xz -dc .gpu/deno.xz > "$WORK/deno" && chmod +x "$WORK/deno"
for deb in .gpu/*.deb; do [ -f "$deb" ] && dpkg -x "$deb" "$WORK/root"; done
export LD_LIBRARY_PATH="$WORK/root/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"
export XDG_RUNTIME_DIR=/tmp DENO_DIR="$WORK/deno_dir" DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
DENO="$WORK/deno"
"$DENO" --version | head -1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || echo "nvidia-smi: not found"
# The NVIDIA Vulkan ICD: use the driver's manifest if the container has one, else point the loader at libGLX_nvidia.
if ! ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json >/dev/null 2>&1; then
  lib=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0/ {print $NF; exit}')
  if [ -n "$lib" ]; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$lib" > "$WORK/nvidia_icd.json"
    export VK_ICD_FILENAMES="$WORK/nvidia_icd.json"
    echo "Vulkan ICD: $lib (manifest written)"
  else
    echo "Vulkan ICD: no NVIDIA Vulkan driver library found; the adapter may be a software one"
  fi
fi

step "adapter"
"$DENO" eval 'const a = await navigator.gpu?.requestAdapter({ powerPreference: "high-performance" });
console.log(a ? JSON.stringify(a.info) : "no adapter"); if (a) console.log(JSON.stringify(a.limits));'

step "webgpu engine tests"
"$DENO" test --no-check -A tests/webgpu_test.ts

step "ensemble bench (webgpu)"
timeout 180 "$DENO" run --no-check -A bench/gpu_ensemble.ts --sizes 1,64,512,4096 --reps 5 --json

step "ensemble bench (PyTorch, batched bmm, float32)"
timeout 120 python3 bench/torch_ensemble.py --sizes 1,64,512,4096 --reps 5 || echo "PyTorch peer failed"

step "full profile of chen2023/grid on webgpu"
CACHE="$WORK/cache"
cp -r data/cache "$CACHE"
find "$CACHE" -type f | sort > "$WORK/before"
timeout "${GRID_SECONDS:-240}" "$DENO" run --no-check --allow-read --allow-write --allow-env --allow-sys \
  src/cli.ts verify --profile full --only chen2023/grid --engine webgpu --cache "$CACHE" --yes
echo "exit: $?"
find "$CACHE" -type f | sort > "$WORK/after"
comm -13 "$WORK/before" "$WORK/after" | sed "s#^$CACHE/##" > "$WORK/new"
echo "new cache entries: $(wc -l < "$WORK/new")"
(cd "$CACHE" && tar -cJf "$OUT/gpu_cache.tar.xz" -T "$WORK/new")

step "done"
