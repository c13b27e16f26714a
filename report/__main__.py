from cli.report import main  # the front end lives above report/ (cli/): an entry shim

raise SystemExit(main())
