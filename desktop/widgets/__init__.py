"""Reusable widgets: the Jobs panel, and later grids, viewers, drop zones, charts."""
