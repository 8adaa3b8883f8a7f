#!/usr/bin/env bash
# Trainyard's GPU bench, offline: the app's own train() on WebGPU through Dawn (Chrome's WebGPU) beside PyTorch.
#   cd .bench-gpu && OUT=/some/dir bash run.sh     on a Linux x86-64 machine with an NVIDIA GPU (no network needed)
#   BACKEND=swiftshader bash run.sh                here, without a GPU: Dawn on Chromium's SwiftShader, small sizes
# Writes 6 files into $OUT (no folders): run.log, webgpu.jsonl, bench.log, torch.jsonl, torch.log, summary.txt, and
# prints the summary last. Every step runs under `timeout`, cut to what is left of TOTAL_S (default 480 s; 300 s
# locally), so the run ends inside one 10-minute call even when a step hangs. Settings (environment): MODELS,
# BATCHES, VARIANTS, SECONDS, CHECK_STEPS, REPORT_EVERY, DAWN_FLAGS, PYTHON, TOTAL_S; the rest in config.ts.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-$HERE/out}
WORK=${WORK:-/tmp/trainyard-bench-gpu}
BACKEND=${BACKEND:-gpu}
if [ "$BACKEND" = swiftshader ]; then export QUICK=${QUICK:-1}; TOTAL_S=${TOTAL_S:-300}; else TOTAL_S=${TOTAL_S:-480}; fi
mkdir -p "$OUT" "$WORK"
rm -f "$OUT"/{run.log,webgpu.jsonl,bench.log,torch.jsonl,torch.log,summary.txt}
export OUT PYTHONUNBUFFERED=1
START=$(date +%s)
DEADLINE=$((START + TOTAL_S))
LOG=$OUT/run.log
J=$OUT/webgpu.jsonl
NVJSON=${NV_ICD_JSON:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
NVEGL=${NV_EGL_JSON:-/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json}

say() { echo "[run $(($(date +%s) - START))s] $*" | tee -a "$LOG"; }
# seconds a step may take: at most $1, leaving $2 for the steps after it, never under 5
cap() { local c=$1 l=$((DEADLINE - $(date +%s) - $2)); ((l < c)) && c=$l; ((c < 5)) && c=5; echo "$c"; }
facts() { echo "\$ $1" >>"$LOG"; timeout -k 2 15 bash -c "$1" >>"$LOG" 2>&1; }
unxz_() { if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else "$PY0" "$HERE/unpack.py" unxz "$1" "$2"; fi; }
lines() { [ -f "$J" ] && wc -l <"$J" || echo 0; }
said() { tail -n +"$(($1 + 1))" "$J" 2>/dev/null | grep -q "$2"; }

say "Trainyard GPU bench $(cat "$HERE/BUILD.json" 2>/dev/null | tr -d '\n ' | cut -c1-200)"
say "BACKEND=$BACKEND QUICK=${QUICK:-0} TOTAL_S=$TOTAL_S OUT=$OUT WORK=$WORK"
facts "nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,utilization.gpu --format=csv"
facts "uname -srm; head -2 /etc/os-release; ldd --version | head -1; nproc; free -g | head -2; id -u"
facts "env | grep -E '^(NVIDIA_|VK_|__EGL|LD_LIBRARY_PATH|CUDA_VISIBLE)' | sort"
facts "ldconfig -p | grep -E 'libvulkan|libGLX_nvidia|libEGL_nvidia|libGLdispatch|libstdc' | head"

# ------------------------------------------------------------------------------------------------------ python
PY0=$(command -v python3 || echo python3)
PY=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if timeout 60 "$p" -c 'import torch' 2>/dev/null; then PY=$p; break; fi
done
say "python with torch: ${PY:-none found (the PyTorch reference is skipped)}"

# ------------------------------------------------------------------------------------------------------ unpack
say "unpacking node, dawn.node and the digits into $WORK"
mkdir -p "$WORK/bin" "$WORK/webgpu/dist/linux-x64"
cp "$HERE"/webgpu/* "$WORK/webgpu/"
timeout -k 3 "$(cap 120 200)" bash -c "$(declare -f unxz_); HERE='$HERE'; PY0='$PY0'
  unxz_ '$HERE/node.xz' '$WORK/bin/node' & unxz_ '$HERE/dawn.node.xz' '$WORK/webgpu/dist/linux-x64/dawn.node' &
  unxz_ '$HERE/digits.bin.xz' '$WORK/digits.bin' & wait" >>"$LOG" 2>&1
chmod +x "$WORK/bin/node"
(cd "$WORK" && timeout 60 sha256sum -c "$HERE/SHA256SUMS") >>"$LOG" 2>&1 && say "checksums ok" || say "CHECKSUM MISMATCH, or no sha256sum (see run.log)"
NODE=$WORK/bin/node
if ! timeout 20 "$NODE" --version >>"$LOG" 2>&1; then say "the bundled node does not run here (see run.log)"; NODE=""; fi

# ------------------------------------------------------------------------------- the Vulkan loader and driver
if [ "$BACKEND" = swiftshader ]; then
  SS=${SWIFTSHADER_DIR:-/usr/lib/chromium}
  export LD_LIBRARY_PATH=$SS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} ALLOW_SOFTWARE=1
  WAYS=("swiftshader|VK_DRIVER_FILES=$SS/vk_swiftshader_icd.json VK_ICD_FILENAMES=$SS/vk_swiftshader_icd.json")
else
  if timeout 10 ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
    say "the system has a Vulkan loader"
  elif ! ls "$HERE"/gl/*.deb >/dev/null 2>&1; then
    say "no Vulkan loader here and no loader debs in the folder: Dawn will likely find no adapter"
  else
    # into / on the GPU machine (root there; then ldconfig), elsewhere into a folder on LD_LIBRARY_PATH
    if [ "$(id -u)" = 0 ]; then GL_ROOT=${GL_ROOT:-/}; else GL_ROOT=${GL_ROOT:-$WORK/gl}; fi
    say "unpacking the Vulkan/EGL loader debs into $GL_ROOT"
    for f in "$HERE"/gl/*.deb; do
      timeout 30 dpkg -x "$f" "$GL_ROOT" >>"$LOG" 2>&1 || timeout 30 "$PY0" "$HERE/unpack.py" undeb "$f" "$GL_ROOT" >>"$LOG" 2>&1 || say "could not unpack $f"
    done
    if [ "$GL_ROOT" = / ]; then timeout 30 ldconfig >>"$LOG" 2>&1; else export LD_LIBRARY_PATH=$GL_ROOT/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}; fi
  fi
  facts "ls -la /usr/share/vulkan/icd.d /etc/vulkan/icd.d $(dirname "$NVJSON") 2>&1; cat $NVJSON"
  WAYS=("default|" "nvidia-icd|VK_DRIVER_FILES=$NVJSON VK_ICD_FILENAMES=$NVJSON __EGL_VENDOR_LIBRARY_FILENAMES=$NVEGL")
fi
export WEBGPU_MODULE=$WORK/webgpu/index.js DIGITS=$WORK/digits.bin JSONL=$J

# ------------------------------------------------------------------------------------------------ the WebGPU bench
if [ -n "$NODE" ]; then
  found=0
  for way in "${WAYS[@]}"; do
    label=${way%%|*}; envs=${way#*|}
    n=$(lines)
    echo "===== probe $label: $envs" >>"$OUT/bench.log"
    # shellcheck disable=SC2086
    env $envs VK_LOADER_DEBUG="${VK_LOADER_DEBUG:-error,warn}" timeout -k 3 "$(cap 30 200)" "$NODE" "$HERE/bench.mjs" probe >>"$OUT/bench.log" 2>&1
    say "probe ($label): $(tail -n +"$((n + 1))" "$J" 2>/dev/null | grep '"kind":"adapter"' | tail -1 | cut -c1-240)"
    said "$n" '"kind":"adapter","ok":true' || continue
    found=1
    s=$(cap 330 110)
    say "bench ($label): timeout ${s}s, budget $((s - 25))s"
    echo "===== bench $label: $envs" >>"$OUT/bench.log"
    # shellcheck disable=SC2086
    env $envs BUDGET_S=$((s - 25)) timeout -k 5 "$s" "$NODE" "$HERE/bench.mjs" bench >>"$OUT/bench.log" 2>&1
    say "bench exit $?: $(grep -c '"kind":"train"' "$J") train lines, $(grep -c '"kind":"check"' "$J") check lines"
    break
  done
  [ $found = 1 ] || say "NO usable WebGPU adapter: see the adapter lines in webgpu.jsonl and bench.log"
fi

# ------------------------------------------------------------------------------------------------------ PyTorch
if [ -n "$PY" ]; then
  s=$(cap 120 15)
  say "torch_bench.py ($PY): timeout ${s}s"
  BUDGET_S=$((s - 10)) timeout -k 5 "$s" "$PY" "$HERE/torch_bench.py" "$WORK/digits.bin" >>"$OUT/torch.log" 2>&1
  say "torch_bench.py exit $?"
fi

# ------------------------------------------------------------------------------------------------------ summary
say "summary (also in summary.txt):"
if [ -n "$NODE" ]; then
  timeout 20 "$NODE" "$HERE/bench.mjs" summary "$OUT" >"$OUT/summary.txt" 2>&1
  tee -a "$LOG" <"$OUT/summary.txt"
else
  tail -n 20 "$OUT/torch.jsonl" 2>/dev/null | tee "$OUT/summary.txt"
fi
say "done in $(($(date +%s) - START)) s; files in $OUT: $(cd "$OUT" && ls | tr '\n' ' ')"
