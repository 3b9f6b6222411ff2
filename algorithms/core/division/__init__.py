"""Editing a stored division by hand: moves, new grids, merges, splits, locks, undo/redo,
grid codes and named versions (see docs/design/grid-editor.md). No QGIS."""
