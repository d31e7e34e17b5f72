"""What slidegen may reach: which hosts it fetches from (network.py) and which files it reads
and writes (files.py). Every download and every path goes through these two modules, so the
rules are written once."""
