#!/bin/sh
# Rebuilds the WebAssembly SIMD training kernels from train.c. Needs clang ≥ 16 and lld (Debian 12:
# apt-get install -y clang-19 lld-19): clang 14 encodes relaxed SIMD with pre-standard opcodes that V8 rejects.
# The float32 kernel uses relaxed-SIMD madd; the float64 kernel does not (its numbers stay as they were).
# The built .wasm files are checked in, so running the project needs neither.
set -eu
cd "$(dirname "$0")"
CC=$(command -v clang-19 || command -v clang-18 || command -v clang-17 || command -v clang-16 || command -v clang)
LLD=$(command -v wasm-ld-19 || command -v wasm-ld-18 || command -v wasm-ld-17 || command -v wasm-ld-16 || command -v wasm-ld)
FLAGS="--target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -ffreestanding -fno-builtin -Wall -Wextra
  -fuse-ld=$LLD -Wl,--no-entry -Wl,--export=__heap_base -Wl,--initial-memory=1048576 -Wl,--max-memory=2147483648
  -Wl,--strip-all"
# shellcheck disable=SC2086
"$CC" $FLAGS -mrelaxed-simd -o train_f32.wasm train.c
# shellcheck disable=SC2086
"$CC" $FLAGS -DF64 -o train_f64.wasm train.c
ls -l train_f32.wasm train_f64.wasm
