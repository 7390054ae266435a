"""Calls self.shutdown() straight from process_request and service_actions.

Both run inside serve_forever's loop, in the serving thread, and shutdown() waits until that
loop has stopped: the thread waits for itself forever. Students write it because "stop the
server" reads like one call, and the deadlock is not visible in the code.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ('            self._stopper = threading.Thread(target=self.shutdown, name="stopper")\n'
     '            self._stopper.start()\n',
     '            self.shutdown()\n'),
]
