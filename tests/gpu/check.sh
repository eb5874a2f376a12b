#!/usr/bin/env bash
# moechat's GPU check: the CUDA kernel tests, the whole-model CUDA tests (CUDA vs CPU on the
# fixtures, tensor parallelism over the in-process collective, NCCL with one rank), the
# benchmark at Mixtral-8x7B shapes (CUDA, and the CPU engine on all the machine's cores), then a
# short table. Sized for one ~8-minute device call.
#
#   tests/gpu/check.sh              build for sm_90 in build-gpu-check, then run (needs the
#                                   project's build dependencies, Qt included, on that machine)
#   tests/gpu/check.sh PREBUILT     run binaries built elsewhere by tests/gpu/prepare.sh
#                                   (PREBUILT/bin, PREBUILT/lib, PREBUILT/data: what a bare GPU
#                                   machine without Qt or sentencepiece needs)
#
# The full log goes to $OUT/gpu-check.log when OUT is set (else build-gpu-check/gpu-check.log).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PREBUILT=${1:-}
LOGDIR=${OUT:-$ROOT/build-gpu-check}
mkdir -p "$LOGDIR"
LOG=$LOGDIR/gpu-check.log
: >"$LOG"
say() { echo "$@" | tee -a "$LOG"; }
T0=$(date +%s)

# NCCL (and on some machines cuBLAS) may live in the CUDA toolkit or only in a Python
# environment's nvidia/*/lib folders: look in both, toolkit first.
pylibs=$(python3 -c 'import nvidia, os, glob; print(":".join(sorted(glob.glob(os.path.join(list(nvidia.__path__)[0], "*", "lib")))))' 2>/dev/null)
nccl_dir=""
for d in /usr/local/cuda/lib64 /usr/local/cuda/lib /usr/lib/x86_64-linux-gnu ${pylibs//:/ }; do
  if [ -e "$d/libnccl.so.2" ]; then nccl_dir=$d; break; fi
done
export LD_LIBRARY_PATH="${PREBUILT:+$PREBUILT/lib:}/usr/local/cuda/lib64:${nccl_dir:+$nccl_dir:}${pylibs:+$pylibs:}${LD_LIBRARY_PATH:-}"
say "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1)"
say "libnccl.so.2: ${nccl_dir:-not found}"

if [ -n "$PREBUILT" ]; then
  BIN=$PREBUILT/bin
  say "binaries: prebuilt for sm_90 ($BIN)"
  ldd "$BIN/test_cuda_model" | grep -E "not found|cuda|cublas|nccl|sentencepiece" | tee -a "$LOG"
else
  BIN=$ROOT/build-gpu-check/tests/kernels
  say "building for sm_90 in build-gpu-check"
  cmake -S "$ROOT" -B "$ROOT/build-gpu-check" -G Ninja -DMOECHAT_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 \
        -DMOECHAT_BUILD_APP=OFF -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release >>"$LOG" 2>&1 &&
    ninja -C "$ROOT/build-gpu-check" test_cuda_kernels test_cuda_model bench_cuda_model >>"$LOG" 2>&1 ||
    { say "BUILD FAILED (see $LOG)"; exit 1; }
fi
# A prebuilt folder may carry a snapshot of the committed fixtures (data/), taken while other
# work rewrites tests/data; use it when present.
if [ -n "$PREBUILT" ] && [ -d "$PREBUILT/data/tests/data" ]; then
  export MOECHAT_TEST_DATA=$PREBUILT/data/tests/data
else
  export MOECHAT_TEST_DATA=$ROOT/tests/data
fi
say "fixtures: $MOECHAT_TEST_DATA"
export MOECHAT_TEST_VERBOSE=1 # every comparison with its error goes to the log

run_step() { # name timeout command...
  local name=$1 limit=$2; shift 2
  say "=== $name"
  timeout "$limit" "$@" >"$LOGDIR/$name.out" 2>&1
  local rc=$?
  cat "$LOGDIR/$name.out" >>"$LOG"
  grep -E '^(FAIL|SKIP)|threw' "$LOGDIR/$name.out" | head -20
  say "--- $name exit $rc after $(( $(date +%s) - T0 )) s"
  rm -f "$LOGDIR/$name.out.keep"
  return $rc
}
status() { case $1 in 0) echo pass;; 77) echo skipped;; 124) echo TIMEOUT;; *) echo "FAIL ($1)";; esac; }

run_step kernels 150 "$BIN/test_cuda_kernels"; rc_k=$?
# the fallback tensor-core attention (scores and output through shared memory) as well
MOECHAT_ATTENTION_SMEM_TC=1 run_step kernels-smem-attention 150 "$BIN/test_cuda_kernels"; rc_k2=$?
run_step model 150 "$BIN/test_cuda_model"; rc_m=$?
run_step bench 150 "$BIN/bench_cuda_model" --config "$ROOT/resources/known-models/mixtral-8x7b.config.json" \
  --layers 8 --prompts 512,2048; rc_b=$?
# the same through the product: moechat-cli bench (moe::Engine with the CUDA backend)
if [ -x "$BIN/moechat-cli" ]; then
  run_step cli-bench 120 "$BIN/moechat-cli" bench --backend cuda --config "$ROOT/resources/known-models/mixtral-8x7b.config.json" \
    --random-weights --layers 8 --prompt-tokens 512,2048 --gen-tokens 64
  grep -hE '^(prefill|decode|copy|bf16|device)' "$LOGDIR/cli-bench.out"
fi
# the CPU engine on all of this machine's cores: decode against the copy and streaming-read
# bandwidth of a machine with more cores than the development VM
if [ -x "$BIN/moechat-cli" ]; then
  run_step cpu-bench 150 "$BIN/moechat-cli" bench --backend cpu --config "$ROOT/resources/known-models/mixtral-8x7b.config.json" \
    --random-weights --layers 2 --prompt-tokens 128 --gen-tokens 16
  grep -hE '^(prefill|decode|copy|read|device)' "$LOGDIR/cpu-bench.out"
fi
# where the time goes: every op timed on its own (slower; not the figures above)
MOECHAT_CUDA_PROFILE=1 run_step profile 90 "$BIN/bench_cuda_model" \
  --config "$ROOT/resources/known-models/mixtral-8x7b.config.json" --layers 4 --prompts 2048 --decode-tokens 8
grep -h '^PROFILE\|^BENCH' "$LOGDIR/profile.out" 2>/dev/null
if [ -x "$BIN/bench_gemv" ]; then run_step gemv 60 "$BIN/bench_gemv"; grep -h '^GEMV' "$LOGDIR/gemv.out"; fi

# worst normalised error per kind of comparison (over models and prompts)
worst() { grep -h "$1" "$LOGDIR/model.out" 2>/dev/null | sed -n 's/.*rel err \([0-9.e+-]*\) (bound \([0-9.e+-]*\)).*/\1 \2/p' |
          sort -g | tail -1 | awk '{ if (NF) printf "%s (bound %s)", $1, $2; else printf "n/a" }'; }
bench() { grep -ho "$1=[^ ]*" "$LOGDIR/bench.out" 2>/dev/null | head -1 | cut -d= -f2; }

{
echo
echo "| check | result |"
echo "|---|---|"
echo "| kernel tests (test_cuda_kernels) | $(status $rc_k): $(grep -h 'checks,' "$LOGDIR/kernels.out" | tail -1) |"
echo "| kernel tests, fallback attention kernel | $(status $rc_k2): $(grep -h 'checks,' "$LOGDIR/kernels-smem-attention.out" | tail -1) |"
echo "| whole-model tests (test_cuda_model) | $(status $rc_m): $(grep -h 'checks,' "$LOGDIR/model.out" | tail -1) |"
echo "| prefill logits CUDA vs CPU, worst rel err | $(worst 'prefill logits cuda vs cpu') |"
echo "| prefill logits CUDA vs transformers | $(worst 'prefill logits cuda vs transformers') |"
echo "| decode logits (graph) CUDA vs CPU | $(worst 'decode logits (graph) cuda vs cpu') |"
echo "| decode graph vs eager | $(worst 'graph vs eager') |"
echo "| moe::Engine cuda vs cpu (prefill / decode / tp-2 on one GPU) | $(worst 'engine prefill logits cuda vs cpu') / $(worst 'engine decode logits cuda vs cpu') / $(worst 'engine prefill logits cuda tp-2') |"
echo "| tp-2 in-process (CUDA) vs tp-1, prefill | $(worst 'prefill tp-2') |"
echo "| tp-2 in-process (CUDA) vs tp-1, decode | $(worst 'decode tp-2') |"
echo "| NCCL 1 rank vs none (prefill / decode in graph) | $(worst 'prefill nccl') / $(worst 'decode nccl') |"
echo "| bench (Mixtral-8x7B shapes, $(bench layers) of 32 layers, bf16) | $(status $rc_b) |"
echo "| copy bandwidth / cuBLAS bf16 GEMM | $(bench copy_gbs) GB/s / $(bench gemm_tflops) TFLOP/s |"
echo "| decode batch 1 | $(bench decode_tok_s) tok/s ($(bench decode_ms) ms/token), $(bench decode_gbs) GB/s = $(bench decode_bw_share) of copy bw; $(bench decode_per_layer_ms) ms/layer; projected 32 layers $(bench projected_full_32_layers_tok_s) tok/s |"
echo "| prefill 512 | $(bench prefill_512_tok_s) tok/s, TTFT $(bench ttft_512_ms) ms, $(bench prefill_512_tflops) TFLOP/s = $(bench prefill_512_gemm_share) of GEMM |"
echo "| prefill 2048 | $(bench prefill_2048_tok_s) tok/s, TTFT $(bench ttft_2048_ms) ms, $(bench prefill_2048_tflops) TFLOP/s = $(bench prefill_2048_gemm_share) of GEMM |"
if [ -s "$LOGDIR/cli-bench.out" ]; then
  echo "| moechat-cli bench --backend cuda (8 layers), decode | $(grep -h '^decode' "$LOGDIR/cli-bench.out" | head -1) |"
  echo "| moechat-cli bench, copy-bandwidth share | $(grep -h '^copy' "$LOGDIR/cli-bench.out" | head -1) |"
fi
if [ -s "$LOGDIR/cpu-bench.out" ]; then
  echo "| moechat-cli bench --backend cpu (2 layers), $(grep -h '^device' "$LOGDIR/cpu-bench.out" | head -1) | $(grep -h '^decode' "$LOGDIR/cpu-bench.out" | head -1) |"
  echo "| CPU decode against copy / streaming read | $(grep -h '^copy' "$LOGDIR/cpu-bench.out" | head -1); $(grep -h '^read' "$LOGDIR/cpu-bench.out" | head -1) |"
fi
echo "| wall time | $(( $(date +%s) - T0 )) s |"
} | tee -a "$LOG"
[ $rc_k -eq 0 ] && [ $rc_k2 -eq 0 ] && [ $rc_m -eq 0 ] && [ $rc_b -eq 0 ]
