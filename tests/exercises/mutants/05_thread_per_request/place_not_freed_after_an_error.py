"""05_thread_per_request, wrong: a handler's place is freed only when it returns normally.

The count goes down at the end of the try block, not in finally: every handler that
raises keeps its place forever, and after max_threads crashes the server says busy to all.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("            self.finish_request(request, client_address)\n        except Exception:\n",
     "            self.finish_request(request, client_address)\n"
     "            with self._places:\n                self._running -= 1\n        except Exception:\n"),
    ("            self.shutdown_request(request)\n            with self._places:\n                self._running -= 1\n",
     "            self.shutdown_request(request)\n"),
]
