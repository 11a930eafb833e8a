import sys

from checkoutguard.cli import main

sys.exit(main())
