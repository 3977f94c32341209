"""A `quota-load` worker in Python: the Rust workers' operations through the
Python SDK, sharing one user's budget in Redis; prints the same JSON line.

Run by `quota-load --python PYTHON` (the interpreter where `reply` is installed):
  PYTHON quota_load_worker.py BASE_URL REDIS_URL FIRST COUNT TASKS EPOCH_MS API_KEY
"""

from __future__ import annotations

import json
import sys
import threading
import time

import reply


def main() -> None:
    base_url, redis_url, first, count, tasks, epoch_ms, api_key = sys.argv[1:8]
    first, count, tasks, epoch_ms = int(first), int(count), int(tasks), int(epoch_ms)
    # The harness's scaled limit: 100 a 1-second "minute", 3,000 a 30-second "hour".
    quota = reply.Quota(redis=redis_url, per_minute=100, per_hour=3000, minute=1.0, hour=30.0)
    lock = threading.Lock()
    state = {"next": first, "finished_ms": [], "limited": 0, "failed": 0}

    with reply.Client(api_key, base_url=base_url, quota=quota, deadline=120.0) as client:

        def one(n: int) -> None:
            kind = n % 4
            if kind == 0:
                client.contacts.list(top=5)
            elif kind == 1:
                client.contacts.create(body={"email": f"load{n}@example.com"})
            elif kind == 2:
                client.user_account.whoami()
            else:
                client.custom_fields.list()

        def work() -> None:
            while True:
                with lock:
                    n = state["next"]
                    state["next"] += 1
                if n >= first + count:
                    return
                outcome = None
                try:
                    one(n)
                except reply.RateLimitedError:
                    outcome = "limited"
                except reply.ReplyError as e:
                    print(f"quota-load: python operation {n}: {e}", file=sys.stderr)
                    outcome = "failed"
                with lock:
                    state["finished_ms"].append(int(time.time() * 1000) - epoch_ms)
                    if outcome:
                        state[outcome] += 1

        threads = [threading.Thread(target=work) for _ in range(tasks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    del state["next"]
    print(json.dumps(state))


if __name__ == "__main__":
    main()
