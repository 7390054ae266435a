"""socketserver_edu: the standard library's socketserver, rebuilt to be read.

A drop-in replacement: ``import socketserver_edu as socketserver`` and the same
programs run. The classes, from the request loop down to ready-made servers::

    BaseServer                     the request loop: serve_forever, handle_request, shutdown
     └── BaseSocketServer          owns one socket: bind, activate, close, fileno
          ├── TCPServer            streams: listen, accept, one connection per request
          │    └── UnixStreamServer
          └── UDPServer            datagrams: recvfrom, one datagram per request
               └── UnixDatagramServer

    ThreadingMixIn  + a server  =  ThreadingTCPServer, ThreadingUDPServer,
    ForkingMixIn    + a server  =  ForkingTCPServer, ...  (eight in all, in combined.py)

    BaseRequestHandler             setup() -> handle() -> finish()
     ├── StreamRequestHandler      rfile / wfile over a connection
     └── DatagramRequestHandler    rfile / wfile over one datagram

Which server to pick: a synchronous server handles one request at a time, fine
when each is quick. Threads suit many clients that mostly wait; processes
(fork) suit work that must not share memory or that uses the CPU. For a bound
on the work in flight, see ``socketserver_edu.pool``; for thousands of mostly
idle connections in one thread, ``socketserver_edu.evented``.

Beyond the stdlib, each in a module of its own: ``wakeup`` (a shutdown() that
returns at once), ``pool`` (a bounded worker pool), ``evented`` (an
event-driven server on selectors), ``tracing`` (a lifecycle tracer that draws
the request flow) and ``lines`` (reading a line with a length limit).
"""

from .combined import (
    ForkingTCPServer,
    ForkingUDPServer,
    ForkingUnixDatagramServer,
    ForkingUnixStreamServer,
    ThreadingTCPServer,
    ThreadingUDPServer,
    ThreadingUnixDatagramServer,
    ThreadingUnixStreamServer,
)
from .handlers import BaseRequestHandler, DatagramRequestHandler, StreamRequestHandler
from .mixins import ForkingMixIn, ThreadingMixIn
from .servers import BaseServer, TCPServer, UDPServer, UnixDatagramServer, UnixStreamServer

# The stdlib's public names (as of Python 3.12, which added the two Forking Unix servers).
__all__ = [
    "BaseServer", "TCPServer", "UDPServer",
    "ThreadingUDPServer", "ThreadingTCPServer",
    "BaseRequestHandler", "StreamRequestHandler", "DatagramRequestHandler",
    "ThreadingMixIn",
    "ForkingUDPServer", "ForkingTCPServer", "ForkingMixIn",
    "UnixStreamServer", "UnixDatagramServer",
    "ThreadingUnixStreamServer", "ThreadingUnixDatagramServer",
    "ForkingUnixStreamServer", "ForkingUnixDatagramServer",
]
