#!/usr/bin/env bash
# The GPU check of issue 7, one short call on a lent GPU machine (about 3 minutes): the training step at the paper's widths at
# 128 and 256 px, bf16 autocast as the trainer uses on CUDA, then fp32 at 256 for comparison, and two processes if there are two
# GPUs. Prints img/s, peak GPU memory and achieved TFLOP/s against the card's measured bf16 (or fp32) matmul figure; asserts nothing.
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
# The paper profile's batch sizes (TrainConfig.batch_size: 16 at 128 px, 14 at 256 px) and its attention placement (on the 128 x 128
# features entering the 256 px block, so the 128 px model has it too, with keys and values pooled and the penalty pass's queries
# in chunks of 1024: TRAINING_PROFILES["paper"], bench/attention_penalty.py); a row that does not fit prints "out of memory".
echo "== bf16 autocast, paper widths (fmap_base 8192, fmap_max 512, latent 512), attention on the 128 x 128 features"
"$PY" bench/train_bench.py --device cuda --amp --res 128 --batch 16 --attention-res 128 --attention-pool --attention-query-chunk 1024 --seconds 20
"$PY" bench/train_bench.py --device cuda --amp --res 256 --batch 14 --attention-res 128 --attention-pool --attention-query-chunk 1024 --seconds 20
echo "== fp32, 256 px, batch 14"
"$PY" bench/train_bench.py --device cuda --res 256 --batch 14 --attention-res 128 --attention-pool --attention-query-chunk 1024 --seconds 10
if [ "$("$PY" -c 'import torch; print(torch.cuda.device_count())')" -ge 2 ]; then
  echo "== one process against two (quick widths, 8 -> 32 px)"
  "$PY" bench/distributed_bench.py --device cuda --nproc 1 2 --res 32 --kimg 4
fi
