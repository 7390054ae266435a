"""The rig of 05_shared_counter: what its tests need beside the student's Tally."""


class Kept:
    """A value held in the subject's process: it crosses to the test only when read (.value)."""

    def __init__(self, value):
        self.value = value


def kept(function, *args):
    """Call function(*args) and keep what it returned here, as the caller in the student's
    process would: a snapshot that shares the Tally's dict changes with later adds, which
    a copy sent to the test at once would hide."""
    return Kept(function(*args))
