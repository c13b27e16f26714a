"""Files in: template writer, workbook readers, validation, loading, sample history."""
