"""GDAL/OGR/OSR exceptions for our own calls only.

``gdal.UseExceptions()`` at import would switch the error mode of every other plugin in the
user's QGIS (the Python bindings keep one mode per module, shared by the whole process). Our
GDAL/OGR code relies on exceptions, so it runs inside :func:`ogr_exceptions`, which turns them on
for ``gdal``, ``ogr`` and ``osr`` and restores each module's previous mode afterwards:

- GDAL 3.7 and newer: each module's ``ExceptionMgr`` (a thread-local mode, so other threads
  and the "neither mode chosen" state that GDAL 3.9+ warns about are left alone);
- GDAL 3.6: ``UseExceptions()`` on the modules that had them off, and ``DontUseExceptions()``
  in the reverse order on exit (the bindings keep a stack of error handlers).

``ogr_exceptions()`` is also a decorator (``@ogr_exceptions()``); calls nest.
"""

import contextlib
from typing import Iterator

from osgeo import gdal, ogr, osr

_MODULES = (gdal, ogr, osr)


@contextlib.contextmanager
def ogr_exceptions() -> Iterator[None]:
    """Exceptions on for gdal, ogr and osr inside the block, each module's mode restored after."""
    with contextlib.ExitStack() as stack:
        for module in _MODULES:
            manager = getattr(module, "ExceptionMgr", None)
            if manager is not None:  # GDAL >= 3.7
                stack.enter_context(manager(True))
            elif not module.GetUseExceptions():  # GDAL 3.6: a process-wide switch per module
                module.UseExceptions()
                stack.callback(module.DontUseExceptions)  # undone last in, first out
        yield
