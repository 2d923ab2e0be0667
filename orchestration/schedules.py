"""Schedules that follow the publishers' calendars (off by default: turn on in the UI).

* USGS MCS comes out in late January or early February (MCS 2024: 31 Jan 2024; MCS 2025:
  31 Jan 2025), and a corrected version (ver. 2.0) often follows within weeks. So a weekly
  live run from 25 January to 22 February: days of month (not weekdays) because cron reads a
  day-of-month AND a weekday as "either".
* CEPII BACI publishes its yearly release (V<year>01) in the first quarter: one live run on
  15 February of that release (trade up to two years back). The release sensor
  (orchestration/sensors.py) is the precise trigger; this schedule is the calendar backstop.
"""

import dagster as dg

from orchestration.partitions import range_tags
from orchestration.sensors import JOB, baci_run_config, baci_run_tags, usgs_run_config

TIMEZONE = "UTC"


@dg.schedule(
    name="usgs_mcs_release_window",
    job_name=JOB,
    cron_schedule=["0 6 25 1 *", "0 6 1,8,15,22 2 *"],
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Weekly 25 Jan - 22 Feb (06:00 UTC): build_warehouse with the year's USGS MCS "
    "edition live from ScienceBase, around the late-January release and its first revisions.",
)
def usgs_mcs_release_window(context: dg.ScheduleEvaluationContext):
    # the edition of the year (MCS 2026 in 2026); the other editions' files stay as landed
    edition = context.scheduled_execution_time.year
    return dg.RunRequest(run_config=usgs_run_config(), tags=range_tags(edition, edition))


@dg.schedule(
    name="baci_first_quarter",
    job_name=JOB,
    cron_schedule="0 6 15 2 *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Yearly on 15 Feb (06:00 UTC): build_warehouse with live CEPII BACI of that "
    "year's release (V<year>01), published in the first quarter.",
)
def baci_first_quarter(context: dg.ScheduleEvaluationContext):
    release = f"V{context.scheduled_execution_time.year}01"
    return dg.RunRequest(
        run_key=f"baci:{release}", run_config=baci_run_config(release), tags=baci_run_tags(release)
    )


SCHEDULES = [usgs_mcs_release_window, baci_first_quarter]
