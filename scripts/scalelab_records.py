"""Reading ScaleLab run records (JSON Lines, one object per run).

Shared by every script that reads records. A record file is appended to by runs that may be
killed, so a final line without its newline is an interrupted write: it is skipped and
reported, never parsed. Any other malformed line is an error naming file and line.
"""

import json
import sys

REQUIRED_KEYS = ("workload", "model", "variant", "scaling", "size", "ranks", "threads",
                 "cores", "reps", "time", "fom", "verified", "status")


class RecordError(Exception):
    """A record file that cannot be read; the message names file and line."""


def read_records(path, warn=sys.stderr):
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise RecordError(f"{path}: cannot read: {error.strerror}") from None
    lines = data.split(b"\n")
    if lines and lines[-1] != b"":
        if warn is not None:
            print(f"warning: {path}: skipped a truncated final line (interrupted write)",
                  file=warn)
    records = []
    for number, raw in enumerate(lines[:-1], start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise RecordError(f"{path}:{number}: not a JSON record ({error})") from None
        if not isinstance(record, dict):
            raise RecordError(f"{path}:{number}: a record must be a JSON object")
        missing = [key for key in REQUIRED_KEYS if key not in record]
        if missing and record.get("status") != "failed":
            raise RecordError(f"{path}:{number}: record lacks {', '.join(missing)}")
        records.append(record)
    return records
