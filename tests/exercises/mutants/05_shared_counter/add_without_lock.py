"""05_shared_counter, wrong: add() calls _change() without taking the lock.

Students lock the reads (snapshot, take) and leave add() bare, thinking a single call
is quick enough to be safe; two adds then overlap inside _change() and one is lost.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        with self.lock:\n            self._change(name, amount)\n",
     "        self._change(name, amount)\n"),
]
