"""Working time: office hours, holidays, local closures and SLA due times."""
