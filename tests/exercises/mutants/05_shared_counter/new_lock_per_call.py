"""05_shared_counter, wrong: add() makes a new lock on every call.

Writing the lock where it is used looks tidy, but each thread then holds a lock of its
own that nobody else waits for, so adds still overlap and updates are lost.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            self._change(name, amount)\n",
     "        with threading.Lock():\n            self._change(name, amount)\n"),
]
