"""The rig of 04_retry_client: what its tests run beside the student's RetryingClient."""


def has(module, name):
    """True if the student's module defines name (a design exercise's stub does not, yet)."""
    return hasattr(module, name)
