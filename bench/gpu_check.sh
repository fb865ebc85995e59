#!/usr/bin/env bash
# The GPU check (issues 7 and 20), one call on a lent GPU machine (meant to fit 8 minutes on one H100; not yet run there): the training step at the paper's
# widths at every resolution 8..256, in bf16 autocast as the trainer runs on CUDA and in fp32, with img/s, peak GPU memory and
# achieved TFLOP/s against the card's measured matmul figure; then bench/gpu_acceptance.py: a 2-minute training on the knee phantom
# that writes samples, a SIGKILL-and-resume check, one step's losses on CUDA against the CPU's, and torchrun on two GPUs when there
# are two. Exits non-zero if a check fails (a row that does not fit prints "out of memory" and is not a failure).
#
#   bash bench/gpu_check.sh                 # from the repository root, with the environment's python (or PY=.venv/bin/python)
#
# On a machine without CUDA it says so and exits 0 without measuring anything.
set -euo pipefail
PY=${PY:-python}
if ! "$PY" -c "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"; then
  echo "gpu_check: no CUDA device here (torch $("$PY" -c 'import torch; print(torch.__version__)')): nothing to measure; run this on a GPU machine."
  exit 0
fi
"$PY" -c "import torch; print('gpu_check:', torch.cuda.device_count(), 'x', torch.cuda.get_device_name(0), '| torch', torch.__version__, '| CUDA', torch.version.cuda)"
# The paper profile's batch size (16 at every resolution: TRAINING_PROFILES["paper"], notebook 02b) and its attention (on the 128 x 128 features entering
# the 256 px block, so the 128 px model has it too; keys and values pooled, the penalty pass's queries in chunks of 1024:
# TRAINING_PROFILES["paper"], bench/attention_penalty.py, bench/paper_dry_run.py).
ATT="--attention-res 128 --attention-pool --attention-query-chunk 1024"
for prec in bf16 fp32; do
  AMP=$([ "$prec" = bf16 ] && echo --amp || true)
  echo "== $prec, paper widths (fmap_base 8192, fmap_max 512, latent 512), the profile's batch sizes"
  "$PY" bench/train_bench.py --device cuda $AMP --res 8 16 32 64 128 --batch 16 $ATT --seconds 5
  "$PY" bench/train_bench.py --device cuda $AMP --res 256 --batch 16 $ATT --seconds 10
done
echo "== acceptance: training, kill and resume, CUDA against the CPU, torchrun"
"$PY" bench/gpu_acceptance.py --device cuda
