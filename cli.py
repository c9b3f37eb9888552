"""Run the handouts command from a checkout: ``python cli.py build general``."""

from handouts.console import main

if __name__ == "__main__":
    main()
