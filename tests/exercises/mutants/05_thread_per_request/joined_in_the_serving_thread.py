"""05_thread_per_request, wrong: process_request() starts the thread and then joins it.

Joining looks tidy ("wait for what you start"), but the serving thread then waits for
each handler before it accepts the next client: one client at a time again.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        thread.start()\n",
     "        thread.start()\n        thread.join()\n"),
]
