"""Prints the text of DOC between `<!-- BEGIN NAME -->` and `<!-- END NAME -->`
(exclusive), failing when the markers are missing."""
import sys

doc, name = sys.argv[1], sys.argv[2]
text = open(doc, encoding="utf-8").read()
begin, end = f"<!-- BEGIN {name} -->\n", f"<!-- END {name} -->"
start = text.index(begin) + len(begin)
sys.stdout.write(text[start:text.index(end, start)])
