"""Live screens without polling: per-channel digests of what they show, one watcher per process, a stream per page."""
