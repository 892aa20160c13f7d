# SPDX-License-Identifier: MIT
"""SimGrid platform files for simulated runs: written from this machine's measurements
(calibrate) or from named presets, and read back for the host list smpirun needs.

Conventions every platform written here follows (README "Simulation"):
- One cluster zone of `nodes` hosts named node-0, node-1, ...; `cores` per host. Ranks are
  placed round-robin by core: node-0 gets ranks 0..cores-1, and so on.
- A host's speed is in flops relative to REFERENCE_SPEED, the speed smpirun is told this
  machine has (smpi/host-speed): speed = REFERENCE_SPEED runs computation as long as here,
  2 x REFERENCE_SPEED twice as fast. Computation is always timed on this machine's CPU.
- Each host has a private link to the cluster's switch (crossbar): a message between two
  hosts crosses two links, so each link gets half the end-to-end latency (in a two-level
  fat tree, four links to cross the top level: a quarter each). Ranks on the same
  host talk over its loopback (shared memory).
- SMPI's default latency and bandwidth factors (fitted to one Ethernet cluster) are set to
  1 (smpirun options in smpi.py), so the latency and bandwidth here are what an MPI
  ping-pong measures.
"""

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from scalelab.model.networks import PUBLISHED

REFERENCE_SPEED = 1e9  # flops: "as fast as this machine's core" (see above)
MAX_RANKS = 4096


class PlatformError(Exception):
    """Bad platform input: the message names the file or option."""


@dataclass
class Platform:
    name: str
    nodes: int
    cores: int                 # per node
    speed: float               # flops per core, relative to REFERENCE_SPEED
    latency: float             # s, end to end between two nodes (MPI ping-pong half round trip)
    bandwidth: float           # bytes/s between two nodes
    loopback_latency: float    # s, between two ranks of one node
    loopback_bandwidth: float  # bytes/s, between two ranks of one node
    topology: str = "crossbar"  # or fat-tree: two switch levels, full bisection
    sources: tuple = ()        # one line per parameter: where its value comes from

    def xml(self):
        # "--" may not appear inside an XML comment (option names do in the sources).
        comments = "\n".join(f"  {line}".replace("--", "- -") for line in self.sources)
        topology = ""
        if self.topology == "fat-tree":
            leaves, per_leaf = fat_tree_shape(self.nodes)
            # Levels; children per switch (leaf, top); parents per node and per leaf switch
            # (as many top switches as a leaf has nodes: full bisection); one link each.
            topology = (f' topology="FAT_TREE" '
                        f'topo_parameters="2;{per_leaf},{leaves};1,{per_leaf};1,1"')
        return f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<!-- ScaleLab platform "{self.name}" (scripts/platform). Sources of every parameter:
{comments}
-->
<platform version="4.1">
  <cluster id="{self.name}" prefix="node-" suffix="" radical="0-{self.nodes - 1}"
           speed="{self.speed:.6g}f" core="{self.cores}"
           bw="{self.bandwidth:.6g}Bps" lat="{self.latency / self.hops():.6g}s"
           loopback_bw="{self.loopback_bandwidth:.6g}Bps" loopback_lat="{self.loopback_latency:.6g}s"{topology}/>
</platform>
"""  # noqa: E501 (the file's text as SimGrid reads it)


    def hops(self):
        """Links a message between two far nodes crosses; each gets latency / hops. In a
        fat tree a message within one leaf switch crosses two, so it is faster by half."""
        return 4 if self.topology == "fat-tree" else 2


def fat_tree_shape(nodes):
    """(leaf switches, nodes per leaf) with leaves * per_leaf == nodes, as square as can be."""
    per_leaf = 1
    while per_leaf * per_leaf < nodes:
        per_leaf *= 2
    if nodes % per_leaf:
        raise PlatformError(f"--nodes: {nodes} nodes do not fill equal leaf switches of "
                            f"{per_leaf} (use a multiple of {per_leaf})")
    return nodes // per_leaf, per_leaf


# Shared memory between two ranks of one node, for presets that put several ranks per node.
# Typical Open MPI vader figures on a current server (approximate; calibrate measures yours).
PRESET_LOOPBACK = (0.3e-6, 10e9, "loopback (ranks of one node): ~0.3 us, ~10 GB/s, typical "
                   "Open MPI shared memory on a current server (approximate)")


def preset(name, nodes, cores):
    """A named platform: the interconnects of README "Interconnect model", whose figures the
    analytical model uses too (scalelab.model.networks.PUBLISHED), with cores as fast as here."""
    aliases = {"ib-hdr-fat-tree": "ib-hdr", "eth-100g": "eth-100g", "eth-10g": "eth-10g"}
    if name not in aliases:
        raise PlatformError(f"preset '{name}' is not known (known: {', '.join(PRESETS)})")
    net = PUBLISHED[aliases[name]]
    loop_lat, loop_bw, loop_source = PRESET_LOOPBACK
    return Platform(
        name=name, nodes=nodes, cores=cores, speed=REFERENCE_SPEED,
        latency=net.alpha, bandwidth=1 / net.beta,
        loopback_latency=loop_lat, loopback_bandwidth=loop_bw,
        topology="fat-tree" if name.endswith("fat-tree") else "crossbar",
        sources=(f"latency, bandwidth: {net.source}; README \"Interconnect model\"",
                 "speed: cores as fast as the machine running the simulation (this one)",
                 loop_source,
                 "topology: " + ("two-level fat tree, full bisection" if name.endswith("fat-tree")
                                 else "one switch, full bisection (crossbar)")))


PRESETS = ("ib-hdr-fat-tree", "eth-100g", "eth-10g")

_RADICAL = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def host_slots(path):
    """The platform's hosts in document order, each repeated once per core: the hostfile
    smpirun needs, so rank r runs on slot r. Reads <host> and <cluster> elements."""
    try:
        root = ElementTree.parse(path).getroot()
    except FileNotFoundError:
        raise PlatformError(f"--platform: '{path}' does not exist") from None
    except (ElementTree.ParseError, IsADirectoryError, PermissionError) as error:
        raise PlatformError(f"--platform: '{path}' is not a readable platform XML "
                            f"({error})") from None
    if root.tag != "platform":
        raise PlatformError(f"--platform: '{path}' has no <platform> root element")
    slots = []
    for element in root.iter():
        cores = int(element.get("core", "1"))
        if element.tag == "host":
            slots += [element.get("id")] * cores
        elif element.tag == "cluster":
            prefix, suffix = element.get("prefix", ""), element.get("suffix", "")
            for part in element.get("radical", "").split(","):
                match = _RADICAL.match(part)
                if not match:
                    raise PlatformError(f"--platform: '{path}': cluster radical '{part}' "
                                        "is not N or N-M")
                first, last = int(match[1]), int(match[2] or match[1])
                for i in range(first, last + 1):
                    slots += [f"{prefix}{i}{suffix}"] * cores
    if not slots:
        raise PlatformError(f"--platform: '{path}' describes no host")
    return slots
