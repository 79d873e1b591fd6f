"""Prefect wrapper of cleanseeds: the ``clean-documents`` flow (:mod:`cleanseeds_prefect.flow`)
over the core's runner, and the run report it publishes as artifacts. Importing this package
imports Prefect; :mod:`cleanseeds` itself never does."""
