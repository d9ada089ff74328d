"""The Jinja environment every template renders in: sandboxed, and bounded in work and output.

A template is a council's file, not code bvpp trusts. Beyond Jinja's immutable sandbox
(no private attributes, no mutation of values), rendering here:

- refuses `{% include %}`, `{% import %}` and `{% extends %}` (they would read other files);
- stops loops after MAX_STEPS steps in all or DEADLINE_SECONDS of work on one part, and
  refuses `range()` of more than MAX_RANGE numbers;
- refuses text built in a template beyond MAX_TEXT characters (`'x' * n`, `~`, `+`, padding
  filters, format widths), powers beyond MAX_POWER_BITS bits, and a part whose output passes
  MAX_OUTPUT characters;
- never prints a template internal (`{{ self }}`, `{{ range }}`, a macro, `loop`): only values.

Each is raised as BoundError during rendering and reported by the renderer as a template
error at its tag. The time bound is checked in the loop counter and as output is produced,
never with signals, so it works in any thread.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import Context, LoopContext, Macro, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from jinja2.visitor import NodeTransformer

MAX_STEPS = 1_000_000  # loop steps in one rendered part; a plan's tables need a few thousand
MAX_RANGE = 100_000  # numbers in one range()
MAX_TEXT = 1_000_000  # characters in one value built by the template
MAX_OUTPUT = 50_000_000  # characters of one rendered part (the example's plan body is under 2 million)
MAX_POWER_BITS = 4096
DEADLINE_SECONDS = 60.0  # of rendering work on one part
_REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from ... import", nodes.Extends: "extends"}
_WIDE_FORMAT = re.compile(r"\d{7,}|\{[^{}]*:[^{}]*\{")  # a width or precision of 7+ digits, or a nested one
_WIDE_PERCENT = re.compile(r"%[^a-zA-Z%]*?(\d{7,}|\*)")
_INTERNALS = (Context, LoopContext, Macro, ModuleType, Namespace, Cycler, Joiner, jinja2.runtime.TemplateReference)


class BoundError(Exception):
    """A template asked for unbounded or unsafe work; `lineno` is its line when known before rendering."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno


def _printable(value: Any) -> Any:
    if isinstance(value, str | int | float | jinja2.Undefined) or hasattr(value, "__html__") or value is None:
        return value
    if isinstance(value, _INTERNALS) or callable(value):
        kind = type(value).__name__
        raise BoundError(f"a template internal ({kind}) is not a value a paper can show; print a value of the project "
                         "instead, such as {{ plan.title }}")
    return value


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """An immutable sandbox with the bounds above; `render_part` renders one part within them."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_printable)
        for name in ("lipsum", "cycler", "joiner", "namespace"):
            self.globals.pop(name, None)  # no paper needs them; undefined, they are errors at their tag
        self.globals["range"] = self._range
        self.filters["bvpp_steps"] = self._steps
        self.filters["bvpp_concat"] = self._concat
        for name in ("center", "indent", "wordwrap", "truncate"):
            self.filters[name] = _width_checked(self.filters[name], name)
        self._count = 0
        self._deadline = time.monotonic() + DEADLINE_SECONDS
        # characters a value stands for beyond its own: the renderer writes large tables' rows as placeholders
        self.hidden_size: Callable[[str], int] = lambda text: 0

    def compile_part(self, source: str) -> jinja2.Template:
        """Parse a part's source, refuse tags that read other files, and bound its loops and joins."""
        tree = self.parse(source)
        for node in tree.find_all(tuple(_REFUSED)):
            tag = _REFUSED[type(node)]
            raise BoundError(f"{{% {tag} %}} is not allowed: a template may not read other files; "
                             "put the text in the template itself", node.lineno)
        return self.from_string(_Bounds().visit(tree))

    def render_part(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """Render within the bounds: steps, time and output size."""
        self._count, self._deadline = 0, time.monotonic() + DEADLINE_SECONDS
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk) + self.hidden_size(chunk)
            if size > MAX_OUTPUT:
                raise BoundError(f"the template's output passed {MAX_OUTPUT:,} characters; a paper needs far less "
                                 "(look for a loop that repeats too often)")
            if len(chunks) % 1000 == 0:
                self._check_time()
            chunks.append(chunk)
        return "".join(chunks)

    def _steps(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self._count += 1
            if self._count > MAX_STEPS:
                raise BoundError(f"the template's loops ran more than {MAX_STEPS:,} steps; a paper needs far fewer")
            if self._count % 1000 == 0:
                self._check_time()
            yield item

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise BoundError(f"rendering the template took more than {DEADLINE_SECONDS:.0f} seconds; "
                             "look for a loop that repeats too often")

    def _concat(self, items: list[Any]) -> str:
        _check_length(sum(len(text) + self.hidden_size(text) for text in map(str, items)))
        return markup_join(items)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise BoundError(f"range() of {len(numbers):,} numbers; a template may count to {MAX_RANGE:,} at most")
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse operations whose result would be enormous, before computing it."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                    raise BoundError(f"repeating a value {times:,} times makes more than {MAX_TEXT:,} characters or items")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * abs(left).bit_length() > MAX_POWER_BITS:
                raise BoundError(f"{left} ** {right} is too large a number for a paper")
        elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _check_length(len(left) + len(right))
        elif operator == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
            raise BoundError(f"a format width too large for a paper in {left[:40]!r}")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        """Refuse `'{:>1000000000}'.format(x)`-style widths before formatting, and long results after."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def bounded(*args: Any, **kwargs: Any) -> str:
            if _WIDE_FORMAT.search(value.__self__):
                raise BoundError(f"a format width too large for a paper in {value.__self__[:40]!r}")
            result = str(wrapped(*args, **kwargs))
            _check_length(len(result))
            return result

        return bounded


def _check_length(length: int) -> None:
    if length > MAX_TEXT:
        raise BoundError(f"the template builds a value of {length:,} characters; a value may have {MAX_TEXT:,} at most")


def _width_checked(function: Any, name: str) -> Any:
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        for number in (*args, *kwargs.values()):
            if isinstance(number, int) and not isinstance(number, bool) and number > MAX_TEXT:
                raise BoundError(f"|{name}({number:,}) is too wide for a paper; use at most {MAX_TEXT:,}")
        return function(value, *args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # keep pass_environment / pass_eval_context markers
        if hasattr(function, attribute):
            setattr(checked, attribute, getattr(function, attribute))
    return checked


class _Bounds(NodeTransformer):
    """Count every loop's steps and bound every `~` join."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "bvpp_steps", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "bvpp_concat", [], [], None, None,
                            lineno=node.lineno)
