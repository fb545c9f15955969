"""Kept for `from kg.view import write_view` (the pipeline); the code lives in kg.views."""

from kg.views import LARGE, SEED, ViewSpec, build_network, render_view, script_json, write_view

__all__ = ["LARGE", "SEED", "ViewSpec", "build_network", "render_view", "script_json", "write_view"]
