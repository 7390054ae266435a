"""Course tooling: the exercise catalog, the stub generator, notebook display helpers.

Kept apart from socketserver_edu, the teaching code, so that a student reading
the servers never wades through it.
"""
