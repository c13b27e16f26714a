"""The database: engine, schema, migrations, and every query and write."""
