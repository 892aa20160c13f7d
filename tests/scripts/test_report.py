# SPDX-License-Identifier: MIT
"""scripts/report: one self-contained HTML page (every image a data: URI, nothing to fetch)
and a Markdown twin, with the summary, tables, fits and provenance of each study."""

import os
import re
import unittest
from html.parser import HTMLParser

from helpers import FIXTURES, out_dir, run_script


class Resources(HTMLParser):
    """Every URL the page would load, and the text of its <img> alts and headings."""

    def __init__(self):
        super().__init__()
        self.images, self.loads, self.headings, self.in_heading = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        for key in ("src", "href") if tag != "a" else ():
            if key in attrs:
                self.loads.append(attrs[key])
        self.in_heading = tag in ("h1", "h2", "h3")

    def handle_data(self, data):
        if self.in_heading:
            self.headings.append(data.strip())
            self.in_heading = False


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = out_dir("report")
        cls.result = run_script("report", os.path.join(FIXTURES, "pi-strong.jsonl"),
                                os.path.join(FIXTURES, "triad-weak.jsonl"), "-o", cls.dir,
                                "--extrapolate", "64")
        with open(os.path.join(cls.dir, "report.html"), encoding="utf-8") as handle:
            cls.html = handle.read()
        with open(os.path.join(cls.dir, "report.md"), encoding="utf-8") as handle:
            cls.markdown = handle.read()

    def test_prints_the_report_path_last(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        last = self.result.stdout.strip().splitlines()[-1]
        self.assertEqual(last, "report: " + os.path.abspath(os.path.join(self.dir,
                                                                         "report.html")))

    def test_html_is_self_contained(self):
        page = Resources()
        page.feed(self.html)
        self.assertEqual(len(page.images), 4)  # pi, pi interconnect model, triad, roofline
        self.assertTrue(all(src.startswith("data:image/png;base64,") for src in page.images))
        self.assertEqual([url for url in page.loads if not url.startswith("data:")], [])
        self.assertNotRegex(self.html, r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/")
        self.assertIn('data-images-loaded="pending"', self.html)

    def test_html_sections(self):
        page = Resources()
        page.feed(self.html)
        for heading in ("pi: strong scaling, size 20M", "triad: weak scaling, size 2M per core",
                        "Derived table", "Fitted models", "Provenance", "Warnings", "Roofline"):
            self.assertIn(heading, page.headings)
        self.assertRegex(self.html, r"openmp reaches [0-9.]+x \(no CI: no samples\) on 2 cores")
        # the verdict comes first in each study's section
        for title in ("pi: strong scaling, size 20M", "triad: weak scaling, size 2M per core"):
            section = self.html.split(f"<h2>{title}</h2>", 1)[1]
            self.assertRegex(section.lstrip(), r'^<p class="verdict"><strong>Verdict\.'
                                               r'</strong> At [24] cores')
        self.assertIn("no CI: records carry no per-rep samples", self.html)
        self.assertIn("Fitted models", self.html)
        self.assertIn("Open MPI v4.1.4", self.html)
        self.assertIn("Amdahl", self.html)
        self.assertIn("Gustafson", self.html)

    def test_markdown_twin(self):
        self.assertIn("# ScaleLab scaling report", self.markdown)
        self.assertIn("![pi: strong scaling, size 20M](pi-strong.png)", self.markdown)
        self.assertRegex(self.markdown, r"\| model \| layout \| cores \| n \| median time "
                                        r"\[95 % CI\] \|")
        self.assertRegex(self.markdown, r"## pi: strong scaling, size 20M\n\n\*\*Verdict\.\*\* "
                                        r"At [24] cores")
        for image in re.findall(r"\]\(([^)]+\.png)\)", self.markdown):
            self.assertTrue(os.path.exists(os.path.join(self.dir, image)), image)


if __name__ == "__main__":
    unittest.main()
