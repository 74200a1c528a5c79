"""``python -m tawthiq.cli``: the same as the ``tawthiq`` command."""

from tawthiq.cli import main

main()
