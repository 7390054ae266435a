"""05_thread_per_request, wrong: the handler thread catches every exception and drops it.

A bare "except: pass" keeps the thread quiet, but handle_error() never hears of the
crash, so nothing is logged and the bug stays hidden.
"""

EDITS = [  # (what the solution says, what the wrong answer says instead)
    ("        except Exception:\n            self.handle_error(request, client_address)\n",
     "        except BaseException:\n            pass\n"),
]
