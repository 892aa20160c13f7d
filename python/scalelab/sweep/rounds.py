# SPDX-License-Identifier: MIT
"""Interleaved rounds: every configuration once per round, each round in a fresh random order,
and the precision each configuration's pooled samples have reached.

Drift on a shared machine (another job starting, a CPU throttling) must hit every
configuration alike, or a comparison between configurations measures the drift: a single
pass in a fixed order once showed the serial baseline 30 % slower than every one-core layout.
Running the whole set once per round, in a different random order each round, spreads that
drift over all of them (Hoefler & Belli, SC'15: randomise the order of experiments).
"""

import random
import re

from scalelab.records import is_number
from scalelab.stats import min_samples_for_ci, relative_half_width

ROUND_SUFFIX = re.compile(r" round=(\d+)$")
MEASURED_STATUSES = ("ok", "reported")


def new_seed():
    return random.SystemRandom().randrange(1, 2 ** 31)


def round_key(config_key, round_number):
    """The resume key: a configuration in one round."""
    return f"{config_key} round={round_number}"


def sweep_info(record):
    """A record's `sweep` object, {} when it has none (a run outside the sweep)."""
    sweep = record.get("sweep")
    return sweep if isinstance(sweep, dict) else {}


def recorded_key(record):
    key = sweep_info(record).get("key")
    return key if isinstance(key, str) else None


def keyed(records):
    """(configuration key, round, sweep object, record) of every record the sweep wrote."""
    for record in records:
        key = recorded_key(record)
        if key is not None:
            config, number = split_key(key)
            yield config, number, sweep_info(record), record


def split_key(key):
    """(configuration key, round) of a recorded key; records written before rounds existed
    have no round in their key and count as round 1."""
    match = ROUND_SUFFIX.search(key)
    if not match:
        return key, 1
    return key[:match.start()], int(match.group(1))


def round_order(items, seed, round_number, shuffle=True):
    """The order of one round: the same for the same seed and round, so a resumed sweep
    continues a round in the order it started it."""
    ordered = list(items)
    if shuffle:
        random.Random(f"{seed}/{round_number}").shuffle(ordered)
    return ordered


def pooled_samples(records, config_keys):
    """Every timed rep's seconds of each configuration, pooled over its measured records."""
    pooled = {key: [] for key in config_keys}
    for config, _, _, record in keyed(records):
        time = record.get("time")
        samples = time.get("samples") if isinstance(time, dict) else None
        if record.get("status") in MEASURED_STATUSES and config in pooled and \
                isinstance(samples, list):
            pooled[config].extend(s for s in samples if is_number(s))
    return pooled


class Precision:
    """Where each configuration's 95 % CI of the median stands: half-widths relative to the
    median, None for a configuration with too few samples for a CI."""

    def __init__(self, pooled, labels):
        self.widths = {key: relative_half_width(samples) if samples else None
                       for key, samples in pooled.items()}
        self.counts = {key: len(samples) for key, samples in pooled.items()}
        self.labels = labels

    def measured(self):
        return [key for key, count in self.counts.items() if count]

    def worst(self):
        """(key, width) of the widest CI; a configuration without a CI is the widest."""
        keys = self.measured()
        if not keys:
            return None, None
        return max(((k, self.widths[k]) for k in keys),
                   key=lambda item: float("inf") if item[1] is None else item[1])

    def short_of(self, target):
        return [k for k in self.measured()
                if self.widths[k] is None or self.widths[k] > target]

    def describe(self, key):
        width = self.widths[key]
        if width is None:
            return (f"{self.labels[key]}: no CI yet ({self.counts[key]} samples, "
                    f"{min_samples_for_ci()} needed)")
        return f"{self.labels[key]}: +-{100 * width:.1f} %"

    def progress(self, round_number, rounds_total, target):
        key, width = self.worst()
        goal = f", target {100 * target:g} %" if target is not None else ""
        if key is None:
            return f"round {round_number}/{rounds_total}: no measured configuration{goal}"
        if width is None:
            return (f"round {round_number}/{rounds_total}: worst CI none yet "
                    f"({self.labels[key]}: {self.counts[key]} samples, "
                    f"{min_samples_for_ci()} needed){goal}")
        return (f"round {round_number}/{rounds_total}: worst CI +-{100 * width:.1f} % "
                f"({self.labels[key]}){goal}")
