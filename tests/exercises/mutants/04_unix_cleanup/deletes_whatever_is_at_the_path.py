# A wrong answer to 04_unix_cleanup that students write: deletes whatever is at the path.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
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
      (a regular file, a folder, a symbolic link);
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
    # BEGIN SOLUTION
    # TODO: find out what is at path with os.lstat() (lstat, not stat: a symbolic
    # link must count as "not a socket"). FileNotFoundError: nothing there, return.
    # If stat.S_ISSOCK(mode) is false, raise FileExistsError with a clear message.
    # Otherwise try to connect an AF_UNIX stream socket to it (with a timeout of
    # PROBE_TIMEOUT, and close it): ConnectionRefusedError means stale, so remove
    # the file; a successful connect means a live server, so raise OSError.
    if os.path.exists(path):
        os.remove(path)
    # END SOLUTION


class CleanUnixStreamServer(socketserver.UnixStreamServer):
    """A UnixStreamServer that removes a stale socket file before binding, and its own on close."""

    socket_file_id = None  # (st_dev, st_ino) of the file our bind() created; None: none to remove

    def server_bind(self):
        """Remove a stale socket file, bind, and remember which file bind() created."""
        remove_stale_socket(self.server_address)
        super().server_bind()
        # BEGIN SOLUTION
        # TODO: remember which file bind() just created: set self.socket_file_id to
        # the pair (st_dev, st_ino) from os.lstat(self.server_address). Two files
        # with the same pair are the same file.
        info = os.lstat(self.server_address)
        self.socket_file_id = (info.st_dev, info.st_ino)
        # END SOLUTION

    def server_close(self):
        """Close the socket, then remove the socket file if it is still ours. Safe to call twice."""
        super().server_close()
        # BEGIN SOLUTION
        # TODO: nothing to do when self.socket_file_id is None (bind never happened,
        # or we removed the file already). Otherwise remove self.server_address only
        # if os.lstat() of it still gives the same (st_dev, st_ino); a missing file
        # (FileNotFoundError) is fine. Then set self.socket_file_id back to None.
        if self.socket_file_id is None:
            return
        try:
            info = os.lstat(self.server_address)
        except FileNotFoundError:
            pass  # someone removed it already
        else:
            if (info.st_dev, info.st_ino) == self.socket_file_id:
                os.remove(self.server_address)
        self.socket_file_id = None
        # END SOLUTION
