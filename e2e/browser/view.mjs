#!/usr/bin/env node
// Opens an errprobe HTML report in a real headless Chromium (Debian's, driven
// by playwright-core) and prints what the browser shows, as JSON: the counts,
// the matrix with each cell's computed colour, every element's tag and id,
// the text of every <pre>, how many probes stay visible after each filter
// button and after a matrix cell is clicked, and every request, console
// message, page error and dialog the page caused. It judges nothing: the Go
// test (e2e/html_browser_test.go) compares this with the JSON report.
// Usage: node view.mjs REPORT.html CHROMIUM PAGE_PROXY BROWSER_PROXY [SCREENSHOT.png]
// PAGE_PROXY (host:port) is where the page's browser context sends any HTTP
// it makes; the test listens there and counts connections. BROWSER_PROXY
// takes Chromium's own traffic (update checks, accounts), which the flags
// below do not silence entirely, so that it stays on loopback too.
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [file, executablePath, pageProxy, browserProxy, screenshot] = process.argv.slice(2);
if (!file || !executablePath || !pageProxy || !browserProxy) {
  console.error("usage: node view.mjs REPORT.html CHROMIUM PAGE_PROXY BROWSER_PROXY [SCREENSHOT.png]");
  process.exit(2);
}
const url = pathToFileURL(file).href;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // As root on a closed network: no sandbox, no GPU, nothing in the background.
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--proxy-server=http://${browserProxy}`, "--proxy-bypass-list=<-loopback>",
  ],
});
const out = { requests: [], console: [], pageErrors: [], dialogs: [] };
try {
  const context = await browser.newContext({ proxy: { server: `http://${pageProxy}`, bypass: "<-loopback>" } });
  const page = await context.newPage();
  page.on("request", (r) => { if (r.url() !== url) out.requests.push(r.url()); });
  page.on("console", (m) => out.console.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => out.pageErrors.push(String(e)));
  page.on("dialog", async (d) => { out.dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  await page.goto(url, { waitUntil: "load" });

  Object.assign(out, await page.evaluate(() => {
    const text = (e) => (e ? e.textContent.trim() : null);
    const counts = {};
    document.querySelectorAll("[data-count]").forEach((e) => { counts[e.dataset.count] = Number(e.textContent.trim()); });
    return {
      title: document.title,
      verdict: text(document.querySelector("h1 .verdict")),
      counts,
      families: [...document.querySelectorAll(".matrix thead th")].slice(1).map(text),
      rows: [...document.querySelectorAll(".matrix tbody tr")].map((tr) => ({
        operation: text(tr.querySelector("th")),
        cells: [...tr.querySelectorAll("td .cell")].map((c) => ({
          className: c.className,
          label: text(c),
          background: getComputedStyle(c).backgroundColor,
        })),
      })),
      elements: [...document.querySelectorAll("*")].map((e) => (e.id ? `${e.localName}#${e.id}` : e.localName)),
      eventAttributes: [...document.querySelectorAll("*")].flatMap((e) =>
        [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${e.localName}[${a.name}]`)),
      pres: [...document.querySelectorAll("pre")].map((p) => p.textContent),
      shown: text(document.querySelector(".shown")),
    };
  }));

  const visible = () => page.locator(".probe:visible").count();
  out.filters = {};
  for (const b of await page.locator("[data-filter]").all()) {
    const name = await b.getAttribute("data-filter");
    await b.click();
    out.filters[name] = { visible: await visible(), pressed: await b.getAttribute("aria-pressed") };
  }
  // A matrix cell narrows the list to that operation and family; clear undoes it.
  const cell = page.locator(".matrix .cell.fail").first();
  if (await cell.count()) {
    out.cellClick = {
      operation: await cell.getAttribute("data-op"),
      family: await cell.getAttribute("data-family"),
    };
    await cell.click();
    out.cellClick.visible = await visible();
    await page.locator(".cellfilter .clear").click();
    out.cellClick.afterClear = await visible();
  }
  if (screenshot) {
    if (out.filters.all) { await page.locator('[data-filter="all"]').click(); }
    await page.screenshot({ path: screenshot, fullPage: true });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
