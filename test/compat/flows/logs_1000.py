"""A flow that logs 1,000 lines through the run logger (sent by the client's log worker to POST /logs/)."""

from prefect import flow, get_run_logger

from _compat import announce


@flow(name="compat-logs-1000")
def logs_1000() -> None:
    announce()
    logger = get_run_logger()
    for i in range(1000):
        logger.info("compat-log-line %04d", i)


if __name__ == "__main__":
    logs_1000()
