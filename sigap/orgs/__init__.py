"""Organizations (Dinas Sosial), their units (Bidang) and positions (Jabatan)."""
