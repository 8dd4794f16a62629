"""Benchmarks: synthetic models at 100 / 1,000 / 10,000 nodes, stage timings, growth, memory, and OWASP pytm."""
