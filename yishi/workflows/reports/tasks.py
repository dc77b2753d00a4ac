from yishi.platform.celery import organisation_task


@organisation_task(name="yishi.workflows.reports.annual")
def annual(year: int) -> int:
    """Write the year's 年度运行分析 DOCX (a re-run rewrites it)."""
    from .figures import write_annual

    return write_annual(year).pk
