"""``python -m summitdata``: the same as the ``summitdata`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
