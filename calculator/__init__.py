"""legcramps calculator: the differential of leg cramps and the published instruments.

Standard library only, so the same files run in CPython and in the browser under Pyodide. The public contract
(see DESIGN.md and the README) is exactly what ``__all__`` lists.
"""

from calculator.errors import ValidationError
from calculator.evaluate import evaluate

__version__ = "1.0.0"
__all__ = ["ValidationError", "__version__", "evaluate"]
