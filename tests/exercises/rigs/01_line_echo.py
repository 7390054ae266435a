"""The rig of 01_line_echo: the watched connection the student's serve_one_client talks on."""

from watched import Watch  # noqa: F401  (the tests make one per client: subject.rig.Watch)


def serve(watch, serve_one_client, **options):
    """serve_one_client on the watched connection; then end it, as the caller's close would."""
    try:
        return watch.run(serve_one_client, **options)
    finally:
        watch.hang_up()  # so the test's client reads the end of the replies
