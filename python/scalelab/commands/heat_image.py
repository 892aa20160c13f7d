# SPDX-License-Identifier: MIT
"""heat-image: render a scalelab-heat field as a PNG.

    scripts/heat-image FILE.h5 [-o OUT.png] [--step N] [--all]

FILE.h5 is a snapshot file (--snapshot) or a checkpoint (--checkpoint) of scalelab-heat.
Without --step the image is the last field in the file: the final step of a snapshot file,
the checkpointed step of a checkpoint. --all writes one PNG per snapshot (OUT is then a
directory). The default OUT is FILE.png beside the input. Prints the path of every image.

Exit codes: 0 ok; 2 bad input (missing or unreadable file, not a scalelab-heat file, no such
step) with one line on stderr, and nothing written.
"""
import os
import sys

from scalelab.cli import OneLineParser

PROG = "heat-image"
SNAPSHOTS = "scalelab-heat snapshots 1"
CHECKPOINT = "scalelab-heat checkpoint 1"


class BadInput(Exception):
    pass


def require(module):
    """Imports a module, or explains which package is missing. matplotlib is only loaded to
    render, so bad input is refused quickly."""
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as e:
        raise BadInput(f"{e.name} is not installed for {sys.executable}: "
                       "run scripts/install-deps.sh") from None


def pyplot():
    matplotlib = require("matplotlib")
    matplotlib.use("Agg")
    return require("matplotlib.pyplot")


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def fields_of(h5file, path):
    """[(step, dataset)] in step order, for either kind of file."""
    kind = text(h5file.attrs.get("format", ""))
    if kind == SNAPSHOTS:
        found = [(int(h5file[name].attrs["step"]), h5file[name]) for name in h5file
                 if name.startswith("step_")]
        if not found:
            raise BadInput(f"'{path}' holds no snapshots")
        return sorted(found, key=lambda item: item[0])
    if kind == CHECKPOINT:
        return [(int(h5file.attrs["step"]), h5file["field"])]
    raise BadInput(f"'{path}' is not a scalelab-heat snapshot file or checkpoint")


def render(h5file, step, dataset, out):
    plt = pyplot()
    field = dataset[()]
    ny, nx = field.shape
    boundary = text(h5file.attrs["boundary"])
    fig, ax = plt.subplots(figsize=(6.4, 6.4 * min(max(ny / nx, 0.3), 3.0) + 0.6), dpi=100)
    image = ax.imshow(field, origin="upper", cmap="inferno", interpolation="nearest")
    fig.colorbar(image, ax=ax, label="temperature", shrink=0.85)
    ax.set_title(f"heat {nx}x{ny}, step {step} of {int(h5file.attrs['steps'])}\n"
                 f"alpha {float(h5file.attrs['alpha']):g}, {boundary} boundary", fontsize=10)
    ax.set_xlabel("x (column)")
    ax.set_ylabel("y (row)")
    fig.tight_layout()
    fig.savefig(out, format="png")
    plt.close(fig)
    print(out)


def main(argv=None):
    parser = OneLineParser(prog=PROG, description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="snapshot file or checkpoint of scalelab-heat")
    parser.add_argument("-o", "--output", help="PNG to write (with --all: a directory)")
    parser.add_argument("--step", type=int, help="the snapshot of this step (default: last)")
    parser.add_argument("--all", action="store_true", help="one PNG per snapshot")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    try:
        h5py = require("h5py")  # Debian: python3-h5py (scripts/install-deps.sh)
        if not os.path.isfile(args.file):
            raise BadInput(f"'{args.file}' does not exist")
        try:
            h5file = h5py.File(args.file, "r")
        except OSError:
            raise BadInput(f"'{args.file}' is not a readable HDF5 file") from None
        with h5file:
            fields = fields_of(h5file, args.file)
            base = os.path.splitext(args.file)[0]
            if args.all:
                out_dir = args.output or base + "-images"
                os.makedirs(out_dir, exist_ok=True)
                for step, dataset in fields:
                    render(h5file, step, dataset, os.path.join(out_dir, f"step_{step:010d}.png"))
                return 0
            if args.step is not None:
                chosen = [item for item in fields if item[0] == args.step]
                if not chosen:
                    steps = ", ".join(str(s) for s, _ in fields)
                    raise BadInput(f"--step: '{args.file}' has no step {args.step} "
                                   f"(it has {steps})")
                step, dataset = chosen[0]
            else:
                step, dataset = fields[-1]
            out = args.output or base + ".png"
            out_dir = os.path.dirname(os.path.abspath(out))
            if not os.path.isdir(out_dir):
                raise BadInput(f"--output: directory '{out_dir}' does not exist")
            render(h5file, step, dataset, out)
            return 0
    except BadInput as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except (KeyError, OSError) as e:
        print(f"{PROG}: error: '{args.file}' is damaged: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
