"""05_thread_per_request, wrong: process_request() runs the pipeline itself instead of
starting a thread for it.

Students write the limit and the counting carefully and forget the point of the mixin;
the server then handles one client at a time, like a synchronous one.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        thread.start()\n",
     "        self.process_request_thread(request, client_address)\n"),
]
