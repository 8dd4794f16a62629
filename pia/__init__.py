"""The assessment engine and the ``pia`` command line."""

__version__ = "0.1.0"
