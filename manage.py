#!/usr/bin/env python
from jenjang.__main__ import main

if __name__ == "__main__":
    main()
