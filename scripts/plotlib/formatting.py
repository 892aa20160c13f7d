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


def plain(value, digits=4):
    return "-" if value is None else f"{value:.{digits}g}"
