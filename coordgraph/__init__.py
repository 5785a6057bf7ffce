"""coordgraph: finds coordination gaps in organisations that practise distributed leadership."""

__version__ = "0.1.0"
