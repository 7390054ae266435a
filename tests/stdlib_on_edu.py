"""Copies of stdlib modules built on socketserver_edu instead of the stdlib socketserver.

http.server and xmlrpc.server say ``import socketserver``. Running their source once
more, while that name points at socketserver_edu, gives servers whose every class
comes from our package: the proof that it is a drop-in replacement.
"""

import functools
import http.server
import importlib.util
import sys
import xmlrpc.server

import socketserver_edu

_ABSENT = object()


def load_copy(stdlib_module, copy_name, substitutes):
    """Run stdlib_module's source as a new module named copy_name, with sys.modules
    entries swapped for substitutes ({name: module}) while it runs; then put them back.

    The real module is imported first (by our caller), so every module it needs is
    already loaded for real: only the names in substitutes resolve to something else.
    """
    spec = importlib.util.spec_from_file_location(copy_name, stdlib_module.__file__)
    copy = importlib.util.module_from_spec(spec)
    saved = {name: sys.modules.get(name, _ABSENT) for name in substitutes}
    sys.modules.update(substitutes)
    try:
        spec.loader.exec_module(copy)
    finally:
        for name, module in saved.items():
            if module is _ABSENT:
                del sys.modules[name]
            else:
                sys.modules[name] = module
    return copy


@functools.cache
def edu_http_server():
    """http.server, with its HTTPServer and handlers built on socketserver_edu."""
    return load_copy(http.server, "edu_http_server", {"socketserver": socketserver_edu})


@functools.cache
def edu_xmlrpc_server():
    """xmlrpc.server, built on socketserver_edu and on edu_http_server().

    It also reads two error-page constants as ``http.server.NAME``; those still
    come from the real http.server, which is harmless: they are plain strings.
    """
    return load_copy(xmlrpc.server, "edu_xmlrpc_server", {
        "socketserver": socketserver_edu,
        "http.server": edu_http_server(),
    })
