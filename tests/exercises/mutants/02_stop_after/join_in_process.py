# A wrong answer to 02_stop_after that students write: join in process.
# Its tests must fail on it (tests/test_exercise_pipeline.py).
"""Exercise 02_stop_after: a server that stops itself after N requests, without a deadlock.

serve_forever() runs until somebody calls shutdown(). This server decides by itself:
after max_requests requests, its serve_forever() must return.

The trap (chapter 02, section 7): shutdown() waits until the serve_forever() loop has
stopped. process_request() runs INSIDE that loop, in the serving thread, so calling
self.shutdown() there makes the thread wait for itself forever. Ask for the stop from
a thread of its own instead, and join that thread when the server closes.

The contract:
- serve_forever() returns by itself after exactly max_requests requests, and every one
  of those clients gets its answer.
- self.served counts the requests handled so far.
- self.stopper is the thread that calls shutdown() (None until it is started).
- server_close() closes the server and then waits for self.stopper, so no thread
  outlives the server. It also works when the limit was never reached.

Check it: socketserver-edu check 02_stop_after   (or: pytest tests/exercises/test_02_stop_after.py --target=exercises)
"""

import threading

import socketserver_edu as socketserver


class StopAfterServer(socketserver.TCPServer):
    """A TCPServer whose serve_forever() returns by itself after max_requests requests."""

    def __init__(self, server_address, RequestHandlerClass, max_requests):
        self.max_requests = max_requests
        self.served = 0  # requests handled so far
        self.stopper = None  # the thread that calls shutdown(), once started
        super().__init__(server_address, RequestHandlerClass)

    def process_request(self, request, client_address):
        # BEGIN SOLUTION
        # TODO: serve the request as TCPServer does (super().process_request), then add 1
        # to self.served. When self.served reaches self.max_requests, start a thread that
        # calls self.shutdown(), and keep it in self.stopper. Do NOT call self.shutdown()
        # here: this code runs inside serve_forever's loop, which shutdown() waits for.
        super().process_request(request, client_address)
        self.served += 1
        if self.served == self.max_requests:
            self.stopper = threading.Thread(target=self.shutdown, name="stopper")
            self.stopper.start()
            self.stopper.join()
        # END SOLUTION

    def server_close(self):
        # BEGIN SOLUTION
        # TODO: close the server as TCPServer does (super().server_close). Then, if
        # self.stopper was started, wait until it has ended (join), so that no thread
        # outlives the server.
        super().server_close()
        if self.stopper is not None:
            self.stopper.join()  # blocking
        # END SOLUTION
