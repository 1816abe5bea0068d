""".map over 100 items: 100 task runs."""

from prefect import flow, task

from _compat import announce


@task
def square(x: int) -> int:
    return x * x


@flow(name="compat-map-100")
def map_100() -> int:
    announce()
    futures = square.map(range(100))
    return sum(f.result() for f in futures)


if __name__ == "__main__":
    assert map_100() == sum(x * x for x in range(100))
