"""Models of the dashboards area."""
