"""05_thread_per_request, wrong: when every place is taken, process_request() waits for a
free place instead of answering busy.

Waiting feels kinder than refusing, but it runs in the serving thread: the new client
gets no answer, and nobody else is even accepted until a handler ends.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        if full:\n            self.turn_away(request)\n            return\n",
     "        while full:\n            threading.Event().wait(0.01)  # a moment, then look again\n"
     "            with self._places:\n                full = self._running >= self.max_threads\n"
     "                if not full:\n                    self._running += 1\n"),
]
