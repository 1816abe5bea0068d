"""Nested subflows: parent -> 2 x child -> leaf (each call is a child flow run with a tracking task run)."""

from prefect import flow

from _compat import announce


@flow(name="compat-nested-leaf")
def leaf(i: int) -> int:
    announce()
    return i * 10


@flow(name="compat-nested-child")
def child(i: int) -> int:
    announce()
    return leaf(i) + 1


@flow(name="compat-nested-parent")
def parent() -> list:
    announce()
    return [child(1), child(2)]


if __name__ == "__main__":
    assert parent() == [11, 21]
