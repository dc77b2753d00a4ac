"""`then`: a value computed from a loader's result, still dispatched by the executor with the batch."""

import pytest
from graphql_sync_dataloaders import SyncDataLoader

from yishi.graphql.core.dataloaders import then


def test_then_maps_a_pending_batch_and_carries_its_dispatch():
    batches = []
    loader = SyncDataLoader(lambda keys: batches.append(list(keys)) or [list(range(key)) for key in keys])
    three, five = then(loader.load(3), len), then(loader.load(5), len)
    assert not three.done() and batches == []
    three.deferred_callback()  # what the executor calls: one batch for both keys
    assert batches == [[3, 5]] and (three.result(), five.result()) == (3, 5)
    assert then(loader.load(3), len) == 3  # already loaded: the value itself
    assert then([1, 2], len) == 2  # not a future at all


def test_an_error_in_the_mapping_reaches_the_field():
    loader = SyncDataLoader(lambda keys: [[0] * 101 for _ in keys])

    def bounded(items):
        if len(items) > 100:
            raise ValueError("more than 100 items")
        return items

    future = then(loader.load("x"), bounded)
    future.deferred_callback()
    with pytest.raises(ValueError, match="more than 100"):
        future.result()
