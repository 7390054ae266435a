"""05_shared_counter, wrong: take() holds the lock and calls add() to do the change.

Reusing add() looks like good style, but add() asks for the same lock, and a
threading.Lock is not re-entrant: the thread waits for itself forever (a deadlock).
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("            self._change(name, -amount)\n",
     "            self.add(name, -amount)\n"),
]
