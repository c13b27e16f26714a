from cli.etl import main  # the front end lives above etl/ (cli/): an entry shim

raise SystemExit(main())
