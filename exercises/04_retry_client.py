"""Exercise 04_retry_client: a UDP client that survives a lost datagram and a late answer.

This is a design exercise: you write the client class yourself, from the spec
below. Chapter 04 showed that a datagram can be lost without a word, that a
client must wait a bounded time and send again, and that an answer can arrive
late, after the retry: then the client gets two answers to one question.

The protocol. Every question is one datagram b"<n> <question>", where n is the
request number in ASCII digits: 1 for the first question a client asks, and one
more for each new question. A retry sends the very same datagram again (the same
number), so the server can tell a repeat from a new question. The server answers
with one datagram b"<n> <answer>", carrying the number of the question.

Build RetryingClient:

- RetryingClient(server_address, tries=3, first_timeout=0.2) makes a client that
  sends all its datagrams from one UDP socket, so the server sees one client
  address for all its questions and retries. It is a context manager; close()
  (or the end of the with block) closes that socket. Nothing else stays open.
- ask(question) sends the question (bytes, without the number) and returns the
  answer (bytes, without the number and the space after it).
- Each try waits for an answer at most its own timeout, counted from its send:
  first_timeout for the first try, and twice as long as the try before for each
  next one (backoff). Other datagrams that arrive during a try do not make it
  longer, however many come. After tries tries without the answer, ask raises
  TimeoutError.
- Only an answer that carries the number of the current question counts. Any
  other datagram (a late answer or a second copy of the answer to an earlier
  question, a datagram without a number) is ignored: ask goes on waiting for
  its own answer, without a new send.

Check it: socketserver-edu check 04_retry_client   (or: pytest tests/exercises/test_04_retry_client.py --target=exercises)
"""

import socket
import time

# TODO: write class RetryingClient, following the spec in the docstring above:
# one socket for the client's whole life, numbered questions, retries of the same
# datagram with a time limit per try that doubles (and that stray datagrams do not
# stretch), TimeoutError after the last try, and every answer that does not carry
# the current question's number ignored.
