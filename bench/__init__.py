"""The benchmark of issue 12: `python -m bench` (see the README's "Benchmark")."""
