"""The working-day calendar and the cadence engine.

The engine modules (workdays, cadence, deadlines, phrases) are pure Python: they take a
`WorkdayCalendar` and never touch the database, so they are fast and testable on their own.
"""
