"""05_thread_per_request, wrong: the handler's own thread takes the place, under the lock,
and process_request() starts a thread for every client, also for those it should turn away.

The lock makes the count itself right, so no more than max_threads handlers run. But a
client is counted only once its thread has begun to run: one that arrives while the
accepted requests' threads have not started yet is not told busy at once, and every
client, even a refused one, costs a thread.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self._places:\n            full = self._running >= self.max_threads\n"
     "            if not full:\n                self._running += 1  # taken here, before the "
     "thread starts: no two take the last\n        if full:\n            self.turn_away(request)\n"
     "            return\n",
     ""),
    ("        try:\n            self.finish_request(request, client_address)\n",
     "        with self._places:\n            full = self._running >= self.max_threads\n"
     "            if not full:\n                self._running += 1\n"
     "        if full:\n            self.turn_away(request)\n            return\n"
     "        try:\n            self.finish_request(request, client_address)\n"),
]
