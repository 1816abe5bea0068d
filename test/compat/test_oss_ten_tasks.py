"""OSS mode: PREFECT_API_URL=<server>/api (default workspace), PREFECT_API_AUTH_STRING=api:<key>."""

from test_ten_tasks import check_ten_tasks


def test_ten_tasks_oss(oss):
    assert "PREFECT_CLOUD_API_URL" not in oss.env and "PREFECT_API_KEY" not in oss.env
    check_ten_tasks(oss, "compat-oss-ten-tasks")
