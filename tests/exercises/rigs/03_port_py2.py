"""The rig of 03_port_py2: what its tests run beside the student's ShoutHandler.

This exercise is written on the standard library's socketserver, so the rig is too.
"""

import socketserver
import sys


class RecordingServer(socketserver.TCPServer):
    """A TCP server for a given handler that keeps what the handlers raised in .errors."""

    def __init__(self, server_address, handler_class):
        self.errors = []  # repr() of each exception a handler raised
        super().__init__(server_address, handler_class)

    def handle_error(self, request, client_address):
        super().handle_error(request, client_address)  # the traceback, for the student
        self.errors.append(repr(sys.exc_info()[1]))


def with_timeout(handler_class, seconds):
    """A subclass of handler_class whose clients may stay silent for `seconds` only."""
    return type("QuickToHangUp", (handler_class,), {"timeout": seconds})
