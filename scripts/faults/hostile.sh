#!/usr/bin/env bash
# Garbage to every server port (random bytes, a string claiming 2^31-1 bytes, deep nesting, an unknown
# method),
# N connections each (default 1000), then a normal job on the same servers. usage: hostile.sh [N]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-1000}
clean_run
start_node 0 0; a=$LAST_PORT; start_node 0 0; b=$LAST_PORT
start_coordinator -- "$a" "$b"
for port in "$a" "$CPORT"; do
  python3 - "$port" "$n" <<'PY'
import os, random, socket, struct, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
random.seed(1)
hdr = lambda name: struct.pack(">iI", -2147418111, len(name)) + name + struct.pack(">i", 1)
kinds = [lambda: os.urandom(random.randint(1, 200)),                                  # random bytes
         lambda: hdr(b"status") + b"\x0b\x00\x01" + struct.pack(">i", 2**31 - 1),     # string of 2^31-1 bytes
         lambda: hdr(b"status") + b"\x0c\x00\x01" + b"\x0c\x00\x64" * 5000,          # structs 5000 deep
         lambda: hdr(b"nope") + b"\x00"]                                             # unknown method
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(kinds[i % len(kinds)]()); s.shutdown(socket.SHUT_WR)
        while s.recv(4096): pass
    except OSError: pass
    s.close()
PY
  say "sent $n malformed messages to port $port"
done
client > "$work/job.out" 2>&1; cat "$work/job.out"; compare "$work/job.out"
