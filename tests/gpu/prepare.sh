#!/usr/bin/env bash
# Builds the CUDA tests, the benchmarks and moechat-cli for sm_90 on this machine and gathers what
# a bare GPU machine needs to run tests/gpu/check.sh without building: the binaries, the shared
# libraries it may lack (sentencepiece, the CUDA runtime; cuBLAS and NCCL are expected there) and
# a snapshot of the committed fixtures (tests/data may be rewritten while work goes on).
#
#   tests/gpu/prepare.sh [OUTDIR]      (default .gpu, which .gitignore ignores)
#   then on the GPU machine:  tests/gpu/check.sh .gpu
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUTDIR=${1:-$ROOT/.gpu}
BUILD=$ROOT/build-gpu
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DMOECHAT_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DMOECHAT_BUILD_APP=OFF \
      -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" test_cuda_kernels test_cuda_model bench_cuda_model bench_gemv moechat-cli
rm -rf "$OUTDIR/bin" "$OUTDIR/lib" "$OUTDIR/data"
mkdir -p "$OUTDIR/bin" "$OUTDIR/lib" "$OUTDIR/data"
cp "$BUILD"/tests/kernels/{test_cuda_kernels,test_cuda_model,bench_cuda_model,bench_gemv} "$BUILD/backend/cli/moechat-cli" "$OUTDIR/bin/"
for lib in libsentencepiece.so.0 libcudart.so.13; do
  path=$(ldd "$OUTDIR/bin/moechat-cli" | awk -v l="$lib" '$1 == l { print $3 }')
  [ -n "$path" ] && cp -L "$path" "$OUTDIR/lib/"
done
git -C "$ROOT" archive HEAD tests/data | tar -x -C "$OUTDIR/data"
du -sh "$OUTDIR"
