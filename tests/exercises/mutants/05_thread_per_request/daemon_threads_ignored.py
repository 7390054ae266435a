"""05_thread_per_request, wrong: the handler threads are never daemons, whatever
daemon_threads says.

Threading's default is non-daemon, and students forget to pass the setting on; then a
stuck handler keeps the whole program from exiting even when daemon_threads is true.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("                                  args=(request, client_address), daemon=self.daemon_threads)\n",
     "                                  args=(request, client_address))\n"),
]
