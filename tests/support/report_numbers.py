#!/usr/bin/env python3
"""report_numbers.py PAGE.html RESULT.json...: the HTML report's numbers
check (tests/report_html_test.cpp). Exit 0 when, in every section of the
page, the embedded JSON equals the result file, every <span class="num">
shows its field's value at its stated precision (data-scale, data-dp), and
no digit in a table.data cell is outside such a span. Prints the count."""
import html.parser
import json
import math
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []      # data-src per section, in order
        self.data = {}          # id -> embedded JSON text
        self.spans = []         # (section index, attrs, text)
        self.cells = []         # (section index, text outside num spans) of table.data <td>
        self.stack = []
        self.script = None
        self.span = None
        self.table_data = 0
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-src" in a:
            self.sections.append(a["data-src"])
        if tag == "script" and a.get("type") == "application/json":
            self.script = [a.get("id"), ""]
        if tag == "table":
            self.stack.append("data" in (a.get("class") or "").split())
            self.table_data += 1 if self.stack[-1] else 0
        if tag == "td" and self.table_data:
            self.cell = ""
        if tag == "span" and "num" in (a.get("class") or "").split():
            self.span = [len(self.sections) - 1, a, ""]

    def handle_endtag(self, tag):
        if tag == "script" and self.script:
            self.data[self.script[0]] = self.script[1]
            self.script = None
        if tag == "span" and self.span:
            self.spans.append(tuple(self.span))
            self.span = None
        if tag == "td" and self.cell is not None:
            self.cells.append((len(self.sections) - 1, self.cell))
            self.cell = None
        if tag == "table" and self.stack:
            self.table_data -= 1 if self.stack.pop() else 0

    def handle_data(self, data):
        if self.script:
            self.script[1] += data
        elif self.span:
            self.span[2] += data
        elif self.cell is not None:
            self.cell += data


def pointer(doc, ptr):
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def main(argv):
    page = Page()
    page.feed(open(argv[1], encoding="utf-8").read())
    results = [json.load(open(p, encoding="utf-8")) for p in argv[2:]]
    errors = []
    if len(page.sections) != len(results):
        errors.append(f"{len(page.sections)} sections for {len(results)} results")
    docs = []
    for i, src in enumerate(page.sections):
        embedded = json.loads(page.data[src])
        if i < len(results) and embedded != results[i]:
            errors.append(f"section {i}: the embedded JSON differs from {argv[2 + i]}")
        docs.append(embedded)
    checked = 0
    for section, attrs, text in page.spans:
        ptr, scale, dp = attrs["data-json"], float(attrs["data-scale"]), int(attrs["data-dp"])
        try:
            value = pointer(docs[section], ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            errors.append(f"{ptr}: no such field (shown {text!r})")
            continue
        plain = text.replace(",", "")
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        if decimals != dp:
            errors.append(f"{ptr}: {text!r} has {decimals} decimals, stated {dp}")
            continue
        try:
            got = float(plain)
        except ValueError:
            errors.append(f"{ptr}: {text!r} is not a number")
            continue
        want = float(value) * scale
        if abs(got - want) > 0.5 * 10 ** -dp * (1 + 1e-9) + 1e-12 * abs(want):
            errors.append(f"{ptr}: shows {text!r}, JSON has {value!r} (x{scale}, {dp} decimals: {want:.{dp}f})")
        checked += 1
    for section, text in page.cells:
        if any(c.isdigit() for c in text):
            errors.append(f"section {section}: a table cell shows digits outside a checked number: {text!r}")
    for e in errors[:20]:
        print(e, file=sys.stderr)
    print(f"checked {checked} numbers in {len(page.sections)} sections")
    return 1 if errors or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
