"""Editors' work on content: guide revisions, paths, images, packs, translation review, verification, XLIFF."""
