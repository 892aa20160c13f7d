#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The fetch workload as a Python user writes it with asyncio: one connection per request in
flight (asyncio.open_connection), a semaphore of --concurrency, every response checked like
the C++ client does (length, FNV-1a checksum of the expected payload). The reference
scripts/bench fetch runs beside scalelab-fetch's eventloop.

Usage: fetch_asyncio.py --port P [--size N] [--concurrency C] [--seed S] [--payload-bytes B]
Prints one JSON line (requests_per_s, verified); exit 0 verified, 1 not, 2 usage, 3 errors.
"""
import asyncio
import sys

import fetch_protocol as fp


async def fetch_all(args, tally):
    # Connections are reused, one per slot, as the C++ clients keep theirs: a pool of
    # --concurrency open connections, each taken under the semaphore for one request.
    semaphore = asyncio.Semaphore(args.concurrency)
    idle = [await asyncio.open_connection("127.0.0.1", args.port)
            for _ in range(min(args.concurrency, args.size))]

    async def fetch(request_id):
        async with semaphore:
            reader, writer = idle.pop()
            try:
                writer.write(fp.request_line(request_id))
                await writer.drain()
                length = fp.payload_length(await reader.readline())
                tally.account(request_id, await reader.readexactly(length))
            finally:
                idle.append((reader, writer))

    try:
        await asyncio.gather(*(fetch(i) for i in range(args.size)))
    finally:
        for _, writer in idle:
            writer.close()


def main():
    args = fp.parse_args(__doc__.split("\n\n")[0])
    return fp.run_and_report("asyncio", args, lambda tally: asyncio.run(fetch_all(args, tally)))


if __name__ == "__main__":
    sys.exit(main())
