#!/usr/bin/env node
// Reads a JUnit XML file with junit2json, a JUnit consumer published on npm,
// and prints what a CI system sees in it as JSON: the totals, every suite
// and every test case with its outcome and failure or error message.
// Usage: node consume.mjs report.xml
import { readFile } from "node:fs/promises";
import { parse } from "junit2json";

const path = process.argv[2];
if (!path) {
  console.error("usage: node consume.mjs report.xml");
  process.exit(2);
}
// Keep attribute values as written: names and messages stay strings.
const doc = await parse(await readFile(path, "utf8"), {});
if (!doc) {
  console.error(`${path}: no <testsuites> or <testsuite> element`);
  process.exit(1);
}
const suites = doc.testsuite ?? [doc];
const first = (list) => (list && list.length ? list[0] : undefined);
const out = {
  tests: Number(doc.tests),
  failures: Number(doc.failures),
  errors: Number(doc.errors),
  suites: suites.map((s) => ({
    name: s.name,
    tests: Number(s.tests),
    failures: Number(s.failures),
    errors: Number(s.errors),
    skipped: Number(s.skipped ?? 0),
    cases: (s.testcase ?? []).map((c) => {
      const failure = first(c.failure);
      const error = first(c.error);
      return {
        name: c.name,
        classname: c.classname,
        outcome: failure ? "fail" : error ? "error" : c.skipped ? "skip" : "pass",
        message: (failure ?? error)?.message ?? "",
        text: (failure ?? error)?.inner ?? "",
      };
    }),
  })),
};
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
