"""Text normalisation and name matching for English and Arabic (see :mod:`tawthiq.text.normalise`)."""

from __future__ import annotations

from tawthiq.text.normalise import fold_arabic, match_key, normalise, script, tokens

__all__ = ["fold_arabic", "match_key", "normalise", "script", "tokens"]
