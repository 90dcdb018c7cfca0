"""Reading inputs into :class:`~eventlens.model.Article` objects."""

from .read import decode_bytes, read_article, article_from_bytes

__all__ = ["article_from_bytes", "decode_bytes", "read_article"]
