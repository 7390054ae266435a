"""The eight ready-made servers: a concurrency mixin first, then a server class.

Each one is a single line, because all behaviour comes from the parts.
"""

from .mixins import ForkingMixIn, ThreadingMixIn
from .servers import TCPServer, UDPServer, UnixDatagramServer, UnixStreamServer


class ThreadingTCPServer(ThreadingMixIn, TCPServer): pass
class ThreadingUDPServer(ThreadingMixIn, UDPServer): pass
class ThreadingUnixStreamServer(ThreadingMixIn, UnixStreamServer): pass
class ThreadingUnixDatagramServer(ThreadingMixIn, UnixDatagramServer): pass
class ForkingTCPServer(ForkingMixIn, TCPServer): pass
class ForkingUDPServer(ForkingMixIn, UDPServer): pass
class ForkingUnixStreamServer(ForkingMixIn, UnixStreamServer): pass
class ForkingUnixDatagramServer(ForkingMixIn, UnixDatagramServer): pass
