"""`python -m sellerdesk` is the `sellerdesk` console script."""

import sys

from sellerdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
