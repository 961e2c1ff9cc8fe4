"""The coder version stamped on every record (``coder_version``)."""

__version__ = "0.1.0"
