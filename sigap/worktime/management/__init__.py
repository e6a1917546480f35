"""Management commands of the working-time app."""
