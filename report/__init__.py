"""The month report: model, assembly from the store, summary text, Markdown and Word output."""
