"""The compute core of Service Grid.

Plain Python on numpy / shapely / GDAL-OGR / openpyxl. Nothing in this package may import
``qgis``: it is tested and reused without a running QGIS.
"""
