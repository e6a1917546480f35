"""SOP library: SOPs as versioned data, their decrees and official documents."""
