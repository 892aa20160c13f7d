# SPDX-License-Identifier: MIT
"""What a benchmark prints (the runs' medians, the ratio table with targets) and the JSON
result file it writes."""

import json
import os
import tempfile


def target_text(entry):
    if entry["target"] is None:
        return "", ""
    bound = f"{'<=' if entry['at_most'] else '>='} {entry['target']:g}"
    return bound, "MET" if entry["met"] else "MISSED"


def print_values(medians, out):
    print(f"{'run (median over rounds)':<44} {'value':>12}  unit", file=out)
    for key, entry in medians.items():
        extras = "  ".join(f"{name} {value:.4g}" for name, value in entry["extras"].items())
        role = "  (reference)" if entry["role"] == "ref" else ""
        print(f"  {key:<42} {entry['median']:>12.5g}  {entry['unit']}{role}"
              f"{'  ' + extras if extras else ''}", file=out)


def ratio_text(x):
    """Three decimals, or three significant digits for the small ratios (counter's 0.00123)."""
    return f"{x:.3f}" if abs(x) >= 0.1 else f"{x:.3g}"


def print_ratios(summary, out):
    width = max([len(e["label"]) + 2 for e in summary] + [34])
    print(f"{'ratio (median of per-round ratios)':<{width}}  {'ratio':>8}  {'range':>15}  "
          f"{'target':>8}", file=out)
    for entry in summary:
        bound, verdict = target_text(entry)
        span = f"{ratio_text(entry['min'])}-{ratio_text(entry['max'])}"
        print(f"  {entry['label']:<{width - 2}}  {ratio_text(entry['median']):>8}  {span:>15}  "
              f"{bound:>8}  {verdict}".rstrip(), file=out)
    targets = [e for e in summary if e["target"] is not None]
    if targets:
        met = sum(1 for e in targets if e["met"])
        print(f"  {met}/{len(targets)} targets met (reported, not enforced)", file=out)


def print_what_ran(measurements, out):
    """Each reference's own `ran:` line (the first round's), so a ratio says what it beat."""
    ran = {}
    for m in measurements:
        if m["ran"]:
            ran.setdefault(m["name"], m["ran"])
    if ran:
        print("what each reference ran (its own words)", file=out)
        for name, text in ran.items():
            print(f"  {name:<10} {text}", file=out)


def write_json(path, result):
    """Written whole or not at all: a temporary file beside it, then renamed."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".bench-", suffix=".json")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)  # as open() would create it, not mkstemp's 0600
        with os.fdopen(handle, "w") as out:
            json.dump(result, out, indent=1)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
