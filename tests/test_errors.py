"""One error family: the UI can catch the product's refusals as one, and old callers still catch what they caught."""

from __future__ import annotations

import pytest
import yaml

from kiosk.accounts.auth import AccountError, SignInRefused, WeakSecretError
from kiosk.audio.speech import SpeechFailed
from kiosk.authoring.guides import EditConflict, InvalidGuide, NewGuideRefused, NoSuchRevision
from kiosk.authoring.images import ImageRejected
from kiosk.authoring.packs import PackError
from kiosk.content.yaml_io import YamlRefused
from kiosk.errors import KioskError, Refused, StoreUnavailable, Unavailable, Unsafe
from kiosk.floor.calls import InvalidTransition, TooManyCalls


@pytest.mark.parametrize(
    ("error", "branch", "old_base"),
    [
        (InvalidTransition, Refused, ValueError),
        (TooManyCalls, Refused, RuntimeError),
        (EditConflict, Refused, RuntimeError),
        (InvalidGuide, Refused, ValueError),
        (NewGuideRefused, Refused, ValueError),
        (NoSuchRevision, Refused, LookupError),
        (ImageRejected, Refused, ValueError),
        (PackError, Refused, ValueError),
        (AccountError, Refused, ValueError),
        (SignInRefused, Refused, Exception),
        (YamlRefused, Refused, yaml.YAMLError),
        (StoreUnavailable, Unavailable, RuntimeError),
        (SpeechFailed, Unavailable, RuntimeError),
        (WeakSecretError, Unsafe, RuntimeError),
    ],
)
def test_every_product_error_has_its_branch_and_keeps_its_old_base(error: type, branch: type, old_base: type) -> None:
    assert issubclass(error, branch)
    assert issubclass(error, KioskError)
    assert issubclass(error, old_base)


def test_a_refusal_is_not_mistaken_for_an_outage() -> None:
    assert not issubclass(StoreUnavailable, Refused)
    assert not issubclass(InvalidTransition, Unavailable)


def test_store_unavailable_lives_in_the_error_family_and_has_no_second_name() -> None:
    """kiosk.errors is the one home of the family; the store only decides which database errors are transient."""
    import kiosk.store
    import kiosk.store.transient

    assert StoreUnavailable.__module__ == "kiosk.errors"
    assert not hasattr(kiosk.store, "StoreUnavailable")  # importers name kiosk.errors, not an alias
    assert kiosk.store.transient.StoreUnavailable is StoreUnavailable  # what it raises, imported from there
