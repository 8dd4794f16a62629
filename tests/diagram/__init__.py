"""Tests of the Graphviz diagrams (exports/diagram) and `pia render`."""
