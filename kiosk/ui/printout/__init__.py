"""Pages for paper and phones: a printed guide and a life-event checklist (/?print=, /?checklist=)."""
