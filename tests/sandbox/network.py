"""Free loopback ports and probes for listening sockets."""

from __future__ import annotations

import logging
import random
import socket

logger = logging.getLogger(__name__)

LOOPBACK_IPV4 = "127.0.0.1"

# A connect() to a loopback port either succeeds or is refused at once, so this only bounds
# a stalled accept queue.
CONNECT_TIMEOUT_S = 1.0

# Attempts to find a port that is free for TCP and UDP at the same time.
TCP_UDP_PORT_ATTEMPTS = 20
# Listening ports come from below Linux's default ephemeral range (32768-60999): a port that
# the kernel hands out as "free" from that range is soon taken by some outgoing connection
# (Pebble's validation requests, mgrctl's clients) before the server binds it.
LISTEN_PORT_RANGE = (20000, 32000)
FREE_PORT_ATTEMPTS = 200


def free_tcp_port() -> int:
    """Return a TCP port on 127.0.0.1, below the ephemeral range, that is free now.

    The socket is closed before the caller binds the port, so another process can take it in
    between. The sandbox detects that when the server's readiness probe fails.
    """
    for _ in range(FREE_PORT_ATTEMPTS):
        port = random.randrange(*LISTEN_PORT_RANGE)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((LOOPBACK_IPV4, port))
            except OSError:
                continue
            return port
    raise OSError(f"no free TCP port on {LOOPBACK_IPV4} in {LISTEN_PORT_RANGE} "
                  f"after {FREE_PORT_ATTEMPTS} attempts")


def free_tcp_udp_port() -> int:
    """Return a port on 127.0.0.1 that is free for both TCP and UDP, as a DNS server needs."""
    for _ in range(TCP_UDP_PORT_ATTEMPTS):
        port = free_tcp_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind((LOOPBACK_IPV4, port))
            except OSError:
                logger.debug("port %d is free for TCP but not for UDP, trying another", port)
                continue
        return port
    raise OSError(f"no port on {LOOPBACK_IPV4} was free for TCP and UDP "
                  f"after {TCP_UDP_PORT_ATTEMPTS} attempts")


def is_tcp_port_open(port: int, host: str = LOOPBACK_IPV4) -> bool:
    """Return True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            return True
    except OSError:
        return False
