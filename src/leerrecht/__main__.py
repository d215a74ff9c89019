import sys

from leerrecht.cli import main

sys.exit(main())
