#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The fetch workload as a Python user writes it with a thread pool: a ThreadPoolExecutor of
--concurrency workers, each with its own blocking socket, every response checked like the
C++ client does (length, FNV-1a checksum of the expected payload). The reference
scripts/bench fetch runs beside scalelab-fetch's openmp (blocking threads) model.

Usage: fetch_threads.py --port P [--size N] [--concurrency C] [--seed S] [--payload-bytes B]
Prints one JSON line (requests_per_s, verified); exit 0 verified, 1 not, 2 usage, 3 errors.
"""
import socket
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import fetch_protocol as fp


def fetch_all(args, tally):
    local = threading.local()  # each worker thread's own connection, opened on first use
    opened = []
    lock = threading.Lock()  # the tally is shared; the GIL does not make += atomic

    def fetch(request_id):
        if not hasattr(local, "stream"):
            connection = socket.create_connection(("127.0.0.1", args.port))
            local.stream = connection.makefile("rwb")
            opened.append((connection, local.stream))
        local.stream.write(fp.request_line(request_id))
        local.stream.flush()
        length = fp.payload_length(local.stream.readline())
        payload = local.stream.read(length)
        if len(payload) != length:
            raise EOFError(f"request {request_id}: the server closed the connection")
        with lock:
            tally.account(request_id, payload)

    try:
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for future in [pool.submit(fetch, i) for i in range(args.size)]:
                future.result()
    finally:
        for connection, stream in opened:
            stream.close()
            connection.close()


def main():
    args = fp.parse_args(__doc__.split("\n\n")[0])
    return fp.run_and_report("threads", args, lambda tally: fetch_all(args, tally))


if __name__ == "__main__":
    sys.exit(main())
