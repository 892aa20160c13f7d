# SPDX-License-Identifier: MIT
"""The fetch protocol and its checks for the Python reference clients (fetch_asyncio.py,
fetch_threads.py) that scripts/bench fetch runs against scalelab-fetch-server: the same
payloads, FNV-1a checksums and verification as apps/fetch/protocol.hpp, in plain Python.

Wire protocol: the client sends "GET <id>\\n"; the server answers "OK <length>\\n" and
<length> payload bytes.
"""
import argparse
import json
import platform
import statistics
import sys
import time

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def fmix64(z):
    z = ((z ^ (z >> 33)) * 0xFF51AFD7ED558CCD) & MASK
    z = ((z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53) & MASK
    return z ^ (z >> 33)


def checksum(data):
    """FNV-1a over the bytes."""
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return h


class Spec:
    """The payload of each request id, as ResponseSpec::payload computes it."""

    def __init__(self, seed, payload_bytes):
        self.key = fmix64(seed ^ 0xB17E5B17E5B17E5B)
        self.payload_bytes = payload_bytes

    def payload(self, request_id):
        words = (fmix64((self.key + request_id * GOLDEN + k) & MASK)
                 for k in range((self.payload_bytes + 7) // 8))
        data = b"".join(w.to_bytes(8, "little") for w in words)
        return data[: self.payload_bytes]


def request_line(request_id):
    return b"GET %d\n" % request_id


def payload_length(header):
    """The length a response header "OK <length>" announces; ValueError otherwise."""
    text = header.decode("ascii", "replace").rstrip("\n")
    if not text.startswith("OK "):
        raise ValueError(f"not a response header: {text!r}")
    return int(text[3:])


class Tally:
    """What the client checks: every id answered once, every payload's checksum the
    expected one (computed per response, as the C++ client does)."""

    def __init__(self, spec, requests):
        self.spec = spec
        self.answers = bytearray(requests)
        self.bad_payloads = 0

    def account(self, request_id, payload):
        if checksum(payload) != checksum(self.spec.payload(request_id)):
            self.bad_payloads += 1
        self.answers[request_id] = min(self.answers[request_id] + 1, 255)

    def not_answered_once(self):
        return sum(1 for count in self.answers if count != 1)


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True, help="scalelab-fetch-server's port")
    parser.add_argument("--size", type=int, default=1000, help="requests (default 1000)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--seed", type=int, default=0, help="the server's --seed")
    parser.add_argument("--payload-bytes", type=int, default=1024, help="the server's")
    parser.add_argument("--reps", type=int, default=3, help="timed repetitions")
    parser.add_argument("--warmup", type=int, default=1, help="untimed repetitions")
    args = parser.parse_args()
    for name in ("size", "concurrency", "payload_bytes", "reps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')}: must be at least 1")
    return args


def run_and_report(client, args, fetch_all):
    """Runs fetch_all(tally) warmup + reps times; prints one JSON line with the median
    requests/s and the verification; exit 0 verified, 1 not, 3 on a connection error."""
    spec = Spec(args.seed, args.payload_bytes)
    seconds = []
    tally = None
    try:
        for rep in range(args.warmup + args.reps):
            tally = Tally(spec, args.size)
            start = time.perf_counter()
            fetch_all(tally)
            if rep >= args.warmup:
                seconds.append(time.perf_counter() - start)
    except (OSError, ValueError, EOFError) as error:
        print(f"{client}: {error}", file=sys.stderr)
        return 3
    median = statistics.median(seconds)
    wrong = tally.not_answered_once()
    verified = wrong == 0 and tally.bad_payloads == 0
    print(f"ran: Python {platform.python_version()} {client} client, {args.concurrency} in "
          f"flight; timed in-process: all {args.size} requests, median of {args.reps} after "
          f"{args.warmup} warm-up")
    print(json.dumps({"client": client, "requests": args.size,
                      "concurrency": args.concurrency, "median_s": median,
                      "requests_per_s": args.size / median,
                      "requests_not_answered_once": wrong,
                      "bad_payloads": tally.bad_payloads, "verified": verified}))
    return 0 if verified else 1
