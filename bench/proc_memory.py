"""The memory figures the benchmarks read from /proc/self/status (Linux): VmRSS (resident now) and VmHWM (the process's peak)."""
import re


def status_mib(field: str) -> float:   # "VmRSS" or "VmHWM"
    "A memory field of /proc/self/status, in MiB."
    with open("/proc/self/status") as f: text = f.read()
    return int(re.search(rf"{field}:\s*(\d+) kB", text).group(1)) / 1024
