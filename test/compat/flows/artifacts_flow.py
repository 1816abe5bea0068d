"""A flow that creates a markdown, a table and a link artifact. argv[1]: a key suffix."""

import sys

from prefect import flow, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from _compat import announce


@task
def table_task(suffix: str) -> None:
    create_table_artifact(
        key=f"compat-table-{suffix}",
        table=[{"name": "alpha", "value": 1}, {"name": "beta", "value": 2}],
        description="compat table",
    )


@flow(name="compat-artifacts")
def artifacts_flow(suffix: str) -> None:
    announce()
    create_markdown_artifact(key=f"compat-md-{suffix}", markdown=f"# Report {suffix}\n\n*all good*", description="compat markdown")
    table_task(suffix)
    create_link_artifact(key=f"compat-link-{suffix}", link=f"https://example.com/{suffix}", link_text="compat link")


if __name__ == "__main__":
    artifacts_flow(sys.argv[1])
