"""05_thread_per_request, wrong: the server is full only when more than max_threads run.

A > where a >= belongs: the check lets one handler more in than the limit allows, so
with max_threads = 2 a third client is served instead of being told busy.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("            full = self._running >= self.max_threads\n",
     "            full = self._running > self.max_threads\n"),
]
