"""Entrypoint of the deployments in prefect.yaml (``flows/clean_documents.py:clean_documents``).

The flow itself lives in the installed package :mod:`cleanseeds_prefect`, so everything that
unpickles its tasks (Dask workers above all) imports them by that name, from any directory.
"""
from cleanseeds_prefect.flow import clean_documents

__all__ = ["clean_documents"]
