"""Reference timing for the built-in analyst benchmark: pandas reads the same CSV, then describe() and corr().

Run with Debian's pandas: /usr/bin/python3 bench/DataStoryBot.Bench/pandas_reference.py /tmp/datastorybot-bench-1m.csv
Prints best-of-3 seconds for read_csv and for read_csv + describe() + corr(), and the peak RSS.
"""
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
read_times, total_times = [], []
for _ in range(3):
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    t1 = time.perf_counter()
    df.describe(include="all")
    df.select_dtypes("number").corr()
    t2 = time.perf_counter()
    read_times.append(t1 - t0)
    total_times.append(t2 - t0)
print(f"pandas {pd.__version__}: read_csv best {min(read_times):.3f} s; read+describe+corr best {min(total_times):.3f} s; "
      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
