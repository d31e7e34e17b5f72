"""The command line around the pipeline: options, configuration, the run, reports, --watch."""
