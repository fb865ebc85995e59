"""The README's Python screen runs as printed, at the smoke scale (only its sizes are swapped for seconds-long ones)."""
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALLER = [('max_res=64', 'max_res=16, n_slices=16'), ('"quick"', '"smoke"'), ('n=4000', 'n=8'), ('res=64', 'res=16')]


def test_python_screen_runs(tmp_path):
    text = (ROOT/"README.md").read_text()
    block = re.search(r"## Python\n\n```python\n(.*?)```", text, re.S)
    assert block, "README.md has no ```python block under '## Python'"
    code = block.group(1)
    for a, b in SMALLER:
        assert a in code, f"the README's Python block no longer contains {a!r}; update SMALLER"
        code = code.replace(a, b)
    code = ("from enhanced_gan.phantom import write_phantom_dataset\nwrite_phantom_dataset('knees', subjects=4)\n" + code +
            "\nassert images.shape == (16, 16, 16) and masks.shape == images.shape and len(pairs) == 8 and pairs[0]['image'].shape == (1, 16, 16)"
            "\nassert scores['scores']['am'] > 0 and scores['n_fake'] == 8 and len(slices) == 64\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
