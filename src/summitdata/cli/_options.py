"""What the subcommands' parsers share: how a subcommand is added, and whole-number limits.

Every subcommand is added by :func:`command`, so that each has the same help layout
(:class:`~summitdata.cli._terminal.HelpFormatter`) and carries its handler, and its parser
for usage errors, in the parsed arguments.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from ._terminal import HelpFormatter

__all__ = ["at_least", "command", "limit"]


def command(
    subparsers: Any,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    *,
    help: str,
    description: str,
    epilog: str,
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    """Add the subcommand ``name``, run by ``handler``; ``args.parser`` is its parser.

    >>> subparsers = argparse.ArgumentParser().add_subparsers()
    >>> parser = command(subparsers, "hello", lambda args: 0, help="greet", description="Greet.", epilog="")
    >>> parser.parse_args([]).parser is parser
    True
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        parents=list(parents),
        formatter_class=HelpFormatter,
    )
    parser.set_defaults(handler=handler, parser=parser)
    return parser


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``minimum``.

    >>> at_least(1)("3")
    3
    >>> at_least(1)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be at least 1: '0'
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value

    return parse


def limit(parser: argparse.ArgumentParser, option: str, help: str, minimum: int = 1) -> None:
    """Add ``option N``, a whole number of at least ``minimum`` (``None`` when not given: the default applies)."""
    parser.add_argument(option, type=at_least(minimum), metavar="N", help=help)
