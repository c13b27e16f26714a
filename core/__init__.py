"""Pure helpers shared by every package: catalogue, messages, formatting, text, time."""
