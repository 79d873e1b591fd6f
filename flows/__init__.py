"""Prefect flows and tasks: thin wrappers over ``cleanseeds.pipeline``."""
