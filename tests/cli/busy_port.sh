#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the command after it with every argument PORT replaced by a loopback port that this
# script holds (bound and listening) for the whole run: a port in use, as a user meets it.
exec /usr/bin/python3 -c '
import socket, subprocess, sys
held = socket.socket()
held.bind(("127.0.0.1", 0))
held.listen()
port = str(held.getsockname()[1])
sys.exit(subprocess.call([port if a == "PORT" else a for a in sys.argv[1:]]))
' "$@"
