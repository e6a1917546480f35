"""sigap: Standard Operating Procedures of a Dinas Sosial as working software."""
