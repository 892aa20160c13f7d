# SPDX-License-Identifier: MIT
"""Interconnect profiles: message latency alpha (s) and inverse bandwidth beta (s/byte) of
the Hockney model t(n) = alpha + n beta.

`shm` and `tcp-measured` come from this machine's ping-pong records (calibration.py); the
others are public figures, approximate, with their sources in docs/analysis.md,
"Interconnect model".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    name: str
    alpha: float      # seconds per message
    beta: float       # seconds per byte
    source: str

    def message(self, nbytes):
        return self.alpha + nbytes * self.beta


# MPI-level half round trips of small messages and large-message bandwidths; see docs/analysis.md
# for where each number comes from. All approximate: a real cluster measures its own.
PUBLISHED = {
    "ib-hdr": Network("ib-hdr", 1.0e-6, 1 / 24e9,
                      "InfiniBand HDR 200 Gb/s (NVIDIA ConnectX-6 / Quantum): ~1 us MPI "
                      "latency, ~24 GB/s (approximate)"),
    "eth-100g": Network("eth-100g", 10e-6, 1 / 11e9,
                        "100 GbE, MPI over kernel TCP: ~10 us, ~11 GB/s (approximate)"),
    "eth-10g": Network("eth-10g", 25e-6, 1 / 1.1e9,
                       "10 GbE, MPI over kernel TCP: ~25 us, ~1.1 GB/s (approximate)"),
}
# A single rank sends nothing; its prediction needs no interconnect.
NO_NETWORK = Network("none", 0.0, 0.0, "one rank: no messages")
MEASURED = ("shm", "tcp-measured")
NAMES = MEASURED + tuple(PUBLISHED)
