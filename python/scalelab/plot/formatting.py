# SPDX-License-Identifier: MIT
"""How numbers read in every text output (terminal, CSV excepted, HTML, Markdown)."""


def times(value):
    """A speedup: '1.9x', '21x'."""
    if value is None:
        return "-"
    return f"{value:.1f}x" if abs(round(value, 1)) < 10 else f"{value:.0f}x"


def fraction(value, stderr=None):
    """A serial fraction with its standard error when known: '0.031 ± 0.004'."""
    if value is None:
        return "-"
    text = f"{value:.3f}" if abs(value) >= 0.001 else f"{value:.2g}"
    return text + (f" ± {stderr:.2g}" if stderr is not None else "")


def percent(value):
    return "-" if value is None else f"{value * 100:.0f} %"


def seconds(value):
    """'0.221 s', '4.13 ms', '52.1 us'."""
    if value is None:
        return "-"
    if value >= 1:
        return f"{value:.3g} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} us"


def size_bytes(value):
    """Bytes in SI units, as the apps print them: '812 kB', '48.2 MB', '1.21 GB'."""
    if value is None:
        return "-"
    for factor, unit in ((1e9, "GB"), (1e6, "MB"), (1e3, "kB")):
        if value >= factor:
            return f"{value / factor:.3g} {unit}"
    return f"{value:.0f} B"


def plain(value, digits=4):
    return "-" if value is None else f"{value:.{digits}g}"


def _ranged(show, value, joiner="-"):
    """'1.9x (95 % CI 1.8-2.0)', or the value with the reason it has no CI."""
    if value is None:
        return "-"
    if value.ci is None:
        return f"{show(value.value)} (no CI: {value.short_reason})"
    return f"{show(value.value)} (95 % CI {show(value.ci[0])}{joiner}{show(value.ci[1])})"


def times_ci(value):
    return _ranged(times2, value)


def percent_ci(value):
    return _ranged(percent, value)


def seconds_ci(value, n=None):
    """'175 ms (95 % CI 174 ms-177 ms, n=15)' or '175 ms (no CI: ...)'."""
    text = _ranged(seconds, value, " - ")
    if n and value.ci is not None:
        text = text[:-1] + f", n={n})"
    return text


def times2(value):
    """A ratio with enough digits to tell 1.02 from 1.07: '1.02x', '12.3x'."""
    if value is None:
        return "-"
    return f"{value:.2f}x" if abs(value) < 10 else f"{value:.3g}x"


def ci_cell(value, show):
    """A table cell: '174 ms - 177 ms', or the reason in a few words."""
    if value is None:
        return "-"
    if value.ci is None:
        return value.short_reason or "-"
    return f"{show(value.ci[0])} - {show(value.ci[1])}"


def fraction_ci(value):
    """A serial fraction: '0.031 (95 % CI 0.025-0.040)'."""
    return _ranged(fraction, value)


def compact(show, value):
    """A table cell: '1.93x [1.85, 2.01]' or '1.06x (no samples)'."""
    if value is None:
        return "-"
    if value.ci is None:
        return f"{show(value.value)} ({value.short_reason})" if value.reason else \
            show(value.value)
    return f"{show(value.value)} [{show(value.ci[0])}, {show(value.ci[1])}]"


def percent1(value):
    """A percentage with one decimal below 10 %, so narrow CIs stay distinct: '99.2 %'."""
    return "-" if value is None else f"{value * 100:.1f} %"


def rate_ci(value, unit="GB/s"):
    """'7.92 GB/s (95 % CI 7.80 GB/s-8.01 GB/s)'."""
    return _ranged(lambda v: f"{v:.3g} {unit}", value)
