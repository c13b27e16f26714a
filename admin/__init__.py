"""Operating the product: demo set-up, first admin, accounts, backup and restore."""
