"""Development helpers shared by the tests and the benchmarks: Debian's Chromium and how to launch it, a static
server on 127.0.0.1, the guard that keeps a browser context off other hosts, and how to wait for the calculator.

A tool, not part of the product: never shipped in the site or the wheel, and never imported by ``generator/`` or
``calculator/``. It imports nothing from ``tests/`` (tests and ``bench/`` import it, not the other way round).
"""
