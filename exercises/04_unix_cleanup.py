"""Exercise 04_unix_cleanup: a Unix stream server that tidies up its socket file, carefully.

bind() on a Unix socket creates a file at the path, and closing the socket leaves
that file behind, so the next run fails with "Address already in use". The usual
quick fix, deleting whatever is at the path before binding, is dangerous: a wrong
path deletes somebody's real file, and deleting the socket file of a server that
is still running steals its address (new clients reach you, not it).

Build CleanUnixStreamServer, a UnixStreamServer that:

- before binding, calls remove_stale_socket(path), which
    - does nothing when nothing is at the path;
    - raises FileExistsError, and deletes nothing, when the path is not a socket
      file itself (a regular file, a folder, a symbolic link, even a link that
      points to a socket file);
    - raises OSError, and deletes nothing, when a server still listens there
      (a test connect() succeeds);
    - removes the file when it is a socket that nobody listens on (a test
      connect() is refused): a stale file left by an earlier run;
- in server_close(), removes its socket file, but only if the file at the path
  is still the very file its bind() created (the same st_dev and st_ino);
  calling server_close() twice is safe.

Check it: socketserver-edu check 04_unix_cleanup   (or: pytest tests/exercises/test_04_unix_cleanup.py --target=exercises)
"""

import errno
import os
import socket
import stat

import socketserver_edu as socketserver

# How long the test connect() may wait. A server whose listen queue is full makes
# connect() wait; after this long we give up and treat the socket as in use.
PROBE_TIMEOUT = 1.0


def remove_stale_socket(path):
    """Remove path if it is a socket nobody listens on; refuse (raise) if it is anything else."""
    # TODO: nothing at path: return, and change nothing. Something that is not a
    # socket file at path (a regular file, a folder, a symbolic link, even a link
    # that points to a socket): raise FileExistsError and delete nothing. A socket
    # file that a server still listens on (it accepts a connection): raise OSError
    # and delete nothing. A socket file nobody listens on (a connection to it is
    # refused): remove it, and return. Never wait longer than PROBE_TIMEOUT, and
    # leave no socket of your own open.
    raise NotImplementedError("your code goes here: see the TODO above")


class CleanUnixStreamServer(socketserver.UnixStreamServer):
    """A UnixStreamServer that removes a stale socket file before binding, and its own on close."""

    socket_file_id = None  # (st_dev, st_ino) of the file our bind() created; None: none to remove

    def server_bind(self):
        """Remove a stale socket file, bind, and remember which file bind() created."""
        remove_stale_socket(self.server_address)
        super().server_bind()
        # TODO: set self.socket_file_id to the identity (st_dev, st_ino) of the socket
        # file that bind() has just created at self.server_address, so server_close
        # can tell later whether the file at that path is still this very file.
        raise NotImplementedError("your code goes here: see the TODO above")

    def server_close(self):
        """Close the socket, then remove the socket file if it is still ours. Safe to call twice."""
        super().server_close()
        # TODO: after this call, the socket file that this server's bind() created is
        # gone, and any other file at the path (one another server made after ours
        # was removed) is still there, untouched. No file at the path at all is fine.
        # A second call does nothing and raises nothing.
        raise NotImplementedError("your code goes here: see the TODO above")
