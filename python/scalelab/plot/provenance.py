# SPDX-License-Identifier: MIT
"""Where and how the runs were made, condensed from the records' provenance: one footer line
for the figures, and (key, value) rows for the reports. Several distinct values (runs from two
builds or hosts in one study) are all listed, so a mixed study is visible as such."""


MAX_HOSTS = 8  # listed by name; beyond (simulated clusters), the first ones and the count


def unique(values):
    out = []
    for value in values:
        if value not in (None, "") and value not in out:
            out.append(value)
    return out


def short_mpi(library):
    """First line of MPI_Get_library_version (MPICH's runs over many lines)."""
    first = str(library).strip().splitlines()[0] if str(library).strip() else ""
    return first.split(",")[0].strip()[:48]


def short_sha(sha):
    base, dirty, _ = str(sha).partition("-dirty")
    return base[:10] + ("-dirty" if dirty else "")


def date_range(times):
    """'2026-11-22 01:36 UTC' or '2026-11-22 01:36 to 2026-11-23 10:02 UTC'."""
    stamps = sorted(t.replace("T", " ").rstrip("Z")[:16] for t in times)
    if not stamps:
        return None
    if stamps[0] == stamps[-1]:
        return f"{stamps[0]} UTC"
    return f"{stamps[0]} to {stamps[-1]} UTC"


def provenance_rows(records):
    """(label, value) pairs describing the runs; values joined when they differ."""
    provs = [r.get("provenance") or {} for r in records]

    def joined(key, transform=str):
        return "; ".join(unique(transform(p[key]) for p in provs if p.get(key) is not None))

    hosts = unique(h for p in provs for h in (p.get("hosts") or []))
    slurm_jobs = unique(f"{s.get('job_id')} ({s.get('nodelist')})" for p in provs
                        for s in [p.get("slurm")] if isinstance(s, dict))
    shown = hosts if len(hosts) <= MAX_HOSTS else \
        hosts[:MAX_HOSTS - 1] + [f"... {hosts[-1]} ({len(hosts)} hosts)"]
    rows = [("hosts", ", ".join(shown)),
            ("compiler", joined("compiler")),
            ("flags", joined("compile_flags")),
            ("MPI", joined("mpi_library", short_mpi)),
            ("Eigen", joined("eigen_version")),
            ("date", date_range(unique(p["time_utc"] for p in provs if p.get("time_utc")))),
            ("git", joined("git_sha", short_sha)),
            ("SLURM job", ", ".join(slurm_jobs))]
    return [(label, value) for label, value in rows if value]


def footer_line(records):
    """The figures' footer: host, compiler, MPI, date, git sha."""
    wanted = ("hosts", "compiler", "MPI", "date", "git", "SLURM job")
    return "   |   ".join(f"{label}: {value}" for label, value in provenance_rows(records)
                          if label in wanted)
