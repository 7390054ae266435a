"""Check an exercise again each time its file is saved, or each time Enter is pressed.

Saves are noticed by looking at the file's modification time and size twice a second:
slower than file-system events, but it works everywhere (WSL, containers, network
drives) with nothing to install. Where even that misses saves, --manual asks for Enter.
"""

import sys
import time
from pathlib import Path


def signature(path):
    """What changes when a file is saved: (modification time, size); None if it is not there."""
    try:
        status = Path(path).stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size


def wait_for_save(path, since, interval):
    """Return once path differs from the signature since and has stopped changing."""
    current = since
    while current == since:
        time.sleep(interval)  # blocking: polling is the point here
        current = signature(path)
    while True:  # an editor may save in steps: wait until two looks agree
        time.sleep(interval)  # blocking
        later = signature(path)
        if later == current:
            return current
        current = later


CLEAR_SCREEN = "\033[2J\033[H"  # what `clear` prints on a terminal


def watch(check_once, path, *, manual=False, interval=0.5, max_checks=None, out=print,
          read_line=input, clear=None):
    """Run check_once now and after every save of path (or every Enter); return how many checks ran.

    Stops on Ctrl-C, at the end of input in manual mode, or after max_checks checks.
    The screen is cleared before each check when clear is true (default: on a terminal).
    """
    if clear is None:
        clear = sys.stdout.isatty()
    checks = 0
    try:
        while True:
            before = signature(path)  # taken first, so a save during the check is not missed
            if clear and checks:
                out(CLEAR_SCREEN, end="")
            out(f"--- checking {Path(path).name} at {time.strftime('%H:%M:%S')} ---")
            check_once()
            checks += 1
            if max_checks is not None and checks >= max_checks:
                return checks
            if manual:
                out(f"\nPress Enter to check {Path(path).name} again (Ctrl-C to stop).")
                read_line()  # blocking
            else:
                out(f"\nWatching {Path(path).name}: save it to check again (Ctrl-C to stop).")
                wait_for_save(path, before, interval)
    except (KeyboardInterrupt, EOFError):
        out("\nStopped watching. See you soon!")
    return checks
