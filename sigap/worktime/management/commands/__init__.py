"""`manage.py` commands for working time and due times."""
