"""Plain data across the sandbox wall: JSON, with a few tagged shapes, never pickles.

Both sides use it: the subject to send what the student's code returned, the trusted
side to send arguments. Only data crosses; an object that is not data stays where it
is and crosses as a reference (``{"$ref": 7, ...}``), which the other side can only
hand back. Decoding builds nothing but None, bools, numbers, str, bytes, tuples,
lists, sets, dicts and the two small records below, so a message can never run code.
"""

import base64
import json

MAX_MESSAGE = 1024 * 1024  # bytes in one encoded message; longer is refused
MAX_DEPTH = 20


class TooBig(ValueError):
    """A value too large or too deep to send."""


class Record:
    """A small immutable record, equal by value (dataclasses would cost the subject 15 ms)."""

    __slots__ = ()

    def __init__(self, *values):
        for name, value in zip(self.__slots__, values):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _values(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({shown})"


class ExceptionData(Record):
    """An exception that happened on the other side, as data: its class names, its message.

    types: the names along its class's MRO ("ConnectionResetError", "ConnectionError", ...).
    """

    __slots__ = ("types", "message", "errno")

    def __init__(self, types, message, errno=None):
        super().__init__(tuple(types), message, errno)

    @property
    def type(self):
        return self.types[0]

    def is_a(self, cls):
        """True if it was an instance of cls (compared by name: the class itself never crossed)."""
        return cls.__name__ in self.types

    def __str__(self):
        return f"{self.type}: {self.message}" if self.message else self.type


class Reference(Record):
    """An object that stayed on the subject's side, named by its number there."""

    __slots__ = ("number", "type_name", "is_callable")

    def __init__(self, number, type_name="", is_callable=False):
        super().__init__(number, type_name, is_callable)


def exception_data(error):
    names = tuple(cls.__name__ for cls in type(error).__mro__ if cls is not object)
    return ExceptionData(names, str(error)[:2000], getattr(error, "errno", None))


def encode(value, refer=None):
    """value as JSON text; refer(obj) -> Reference for what is not plain data (None: refuse)."""
    text = json.dumps(_plain(value, refer, 0), ensure_ascii=False, allow_nan=True)
    if len(text) > MAX_MESSAGE:
        raise TooBig(f"{len(text)} bytes: more than the {MAX_MESSAGE} a message may hold")
    return text


def _plain(value, refer, depth):
    if depth > MAX_DEPTH:
        raise TooBig("nested more than 20 levels deep")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    inner = lambda item: _plain(item, refer, depth + 1)  # noqa: E731
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, tuple):
        return {"$tuple": [inner(item) for item in value]}
    if isinstance(value, list):
        return [inner(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"$set": [inner(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("$") for key in value):
            return {key: inner(item) for key, item in value.items()}
        return {"$dict": [[inner(key), inner(item)] for key, item in value.items()]}
    if isinstance(value, ExceptionData):
        return {"$exception": {"types": list(value.types), "message": value.message,
                               "errno": value.errno}}
    if isinstance(value, BaseException):
        return inner(exception_data(value))
    if isinstance(value, Reference):
        return {"$ref": value.number, "type": value.type_name, "callable": value.is_callable}
    if refer is None:
        raise TooBig(f"a {type(value).__name__} is not plain data")
    return inner(refer(value))


def decode(text, resolve=None):
    """The value a JSON text holds; resolve(Reference) -> what a reference stands for here."""
    if len(text) > MAX_MESSAGE:
        raise TooBig(f"a message of {len(text)} bytes")
    return _value(json.loads(text), resolve or (lambda reference: reference))


def _value(data, resolve):
    if isinstance(data, list):
        return [_value(item, resolve) for item in data]
    if not isinstance(data, dict):
        return data
    if len(data) >= 1 and next(iter(data)).startswith("$"):
        tag, content = next(iter(data.items()))
        if tag == "$bytes":
            return base64.b64decode(content)
        if tag == "$tuple":
            return tuple(_value(item, resolve) for item in content)
        if tag == "$set":
            return {_value(item, resolve) for item in content}
        if tag == "$dict":
            return {_value(key, resolve): _value(item, resolve) for key, item in content}
        if tag == "$exception":
            return ExceptionData(tuple(map(str, content["types"])), str(content["message"]),
                                 content.get("errno"))
        if tag == "$ref":
            return resolve(Reference(int(content), str(data.get("type", "")),
                                     bool(data.get("callable"))))
        raise ValueError(f"unknown tag {tag!r}")
    return {key: _value(item, resolve) for key, item in data.items()}
