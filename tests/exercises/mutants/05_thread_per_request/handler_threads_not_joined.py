"""05_thread_per_request, wrong: server_close() closes the socket and returns without
waiting for the handler threads.

The threads are remembered but never joined, so block_on_close has no effect: a program
that closes its server may still have handlers running, or cut off at exit.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        for thread in threads:\n            thread.join()  # blocking\n", ""),
]
