"""Case engine: a citizen's request (permohonan) running through the steps of an SOP version."""
