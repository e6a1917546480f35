"""Letters: SOP outputs as numbered, signed, verifiable documents, and the registers."""
