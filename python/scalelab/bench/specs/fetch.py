# SPDX-License-Identifier: MIT
"""Requests per second each client keeps going against the same server, at the same number
in flight, as ratios to the clients a Python user would write: the eventloop (one thread,
epoll) vs bench/fetch_asyncio.py (asyncio, a semaphore of C), and blocking threads (openmp
--concurrency C) vs bench/fetch_threads.py (a ThreadPoolExecutor of C workers). Ours start
the server in their own process; the references talk to scalelab-fetch-server (the same
code). Every client checks every payload's length and checksum. No HTTP load generator
(wrk, ab): the protocol is not HTTP; the in-flight bound is C / 2 ms."""

import json
import subprocess
import time

from scalelab.bench.spec import BenchFailure, Group, Option, Ratio, Run, Spec, at_least

WORKLOAD = "--seed 1 --payload-bytes 256 --reps 3 --warmup 1"


def python_result(stdout, _seconds):
    result = json.loads(stdout.strip().splitlines()[-1])
    if result.get("verified") is not True:
        raise BenchFailure(f"NOT VERIFIED: {result}")
    return result["requests_per_s"]


def pair(ours, reference):
    return Group(ours, [Run(ours, f"{{bin}}/scalelab-fetch --model {ours} --concurrency "
                               f"{{concurrency}} --size {{requests}} --latency-ms 2 {WORKLOAD}",
                            "fom.requests_per_s", unit="requests/s")],
                 Run(reference, f"{{python}} {{root}}/bench/fetch_{reference}.py --port {{port}} "
                                f"--concurrency {{concurrency}} --size {{requests}} {WORKLOAD}",
                     python_result, unit="requests/s", record=False))


def start_server(ctx):
    """The references' server, alone in its process until the end."""
    log = open(f"{ctx.work}/server.out", "w+")
    server = subprocess.Popen([f"{ctx.vars['bin']}/scalelab-fetch-server", "--seed", "1",
                               "--latency-ms", "2", "--payload-bytes", "256"], stdout=log,
                              stderr=subprocess.STDOUT, env=ctx.env)
    ctx.cleanups.append(lambda: (server.kill(), server.wait(), log.close()))
    for _ in range(100):
        log.seek(0)
        ports = [line.split()[1] for line in log if line.startswith("port ")]
        if ports:
            ctx.vars["port"] = ports[0]
            break
        time.sleep(0.05)
    else:
        raise BenchFailure("scalelab-fetch-server did not start")
    ctx.header.append(("workload", f"{ctx.vars['requests']} requests, 2 ms each, 256-byte "
                                   f"payloads, {ctx.vars['concurrency']} in flight"))


SPEC = Spec(
    name="fetch", summary="requests/s: eventloop vs asyncio, threads vs a ThreadPoolExecutor",
    about=__doc__,
    apps=("scalelab-fetch", "scalelab-fetch-server"),
    setup=start_server, provides=("port",), pin_threads=False,
    options=[Option("concurrency", 64, "requests in flight for every client (1..1000)",
                    parse=at_least(1, 1000))],
    values={"requests": 3000}, quick_values={"requests": 1000},
    groups=[pair("eventloop", "asyncio"), pair("openmp", "threads")],
    ratios=[Ratio("eventloop / asyncio", "eventloop/eventloop"),
            Ratio("openmp / threads", "openmp/openmp")],
)
