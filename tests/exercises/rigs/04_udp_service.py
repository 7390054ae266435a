"""The rig of 04_udp_service: what its tests run beside the student's CounterServer."""

import sys
import traceback


def reporting(server_class, crashed):
    """A subclass of server_class that answers a handler's crash with a datagram.

    The datagram is crashed (a marker the test chose) and the exception, sent to the
    client whose datagram made the handler raise: that client then fails at once with
    a clear message instead of waiting for a reply that never comes. The traceback
    still goes to stderr, where the test's report shows it.
    """

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        _data, server_socket = request
        report = f"{type(error).__name__}: {error}".encode("utf-8", "replace")
        server_socket.sendto(crashed + report, client_address)
        traceback.print_exc()

    return type("ReportingServer", (server_class,), {"handle_error": handle_error})


def has(module, name):
    """True if the student's module defines name (a design exercise's stub does not, yet)."""
    return hasattr(module, name)
