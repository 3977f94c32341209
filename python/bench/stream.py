"""One walk over every contact of the bench server, reading the seven named
members, by one side; prints `contacts-read checksum seconds`. The memory
bench (benches/memory.py) runs it as a process of its own and reads that
process's peak RSS, so a baseline's process never loads the SDK.

    python bench/stream.py URL reply-sdk|httpx+json|httpx+orjson [--page-size N]
"""

import sys
import time

from walks import WALKS

url, side = sys.argv[1], sys.argv[2].replace("+", " + ")
page_size = int(sys.argv[sys.argv.index("--page-size") + 1]) if "--page-size" in sys.argv else 1000
started = time.perf_counter()
checksum = WALKS["named"][side](url, page_size)
print(f"{checksum} {time.perf_counter() - started:.3f}")
