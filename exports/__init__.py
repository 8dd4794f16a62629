"""Everything that leaves the program for people or other tools: diagrams, PDF, JSON, SARIF, CSV."""
