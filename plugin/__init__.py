"""QGIS GUI glue of Service Grid: plugin class, docks, tasks, settings, logging."""
