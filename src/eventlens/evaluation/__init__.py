"""Evaluation against gold sets; one module per kind (see ``eventlens.cli.evaluate``)."""
