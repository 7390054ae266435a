"""05_thread_per_request, wrong: the handler's own thread checks and takes the place, with
no lock, so process_request() starts a thread for every client.

It looks natural to count a handler where it runs. But clients that arrive together
all start threads before any of them has counted, so they all find a place free, and
more than max_threads handlers run at once: the race of the chapter's last section.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self._places:\n            full = self._running >= self.max_threads\n"
     "            if not full:\n                self._running += 1  # taken here, before the "
     "thread starts: no two take the last\n        if full:\n            self.turn_away(request)\n"
     "            return\n",
     ""),
    ("        try:\n            self.finish_request(request, client_address)\n",
     "        if self._running >= self.max_threads:\n            self.turn_away(request)\n"
     "            return\n        self._running += 1\n"
     "        try:\n            self.finish_request(request, client_address)\n"),
    ("            with self._places:\n                self._running -= 1\n",
     "            self._running -= 1\n"),
]
