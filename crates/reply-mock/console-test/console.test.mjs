// The console's acceptance test (issue 24): after a scenario — contacts
// imported, a sequence started, a webhook delivered to a loopback receiver,
// a fault injected — each view of reply-mock's console, opened in headless
// Chromium (Debian's package), shows them; a fault rule changed through the
// form takes effect on the next request. Each view's screenshot is written to
// SCREENSHOTS_DIR (a temporary folder by default, so a test run leaves the tree
// clean); `./dev console-screenshots` points it at crates/reply-mock/docs/, whose
// console-<view>.png files the README shows.
//
// REPLY_MOCK_BIN: the reply-mock binary (the justfile builds it);
// CHROMIUM: the browser (default /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const docs = process.env.SCREENSHOTS_DIR || mkdtempSync(join(tmpdir(), "reply-console-shots-"));
const mockBin = process.env.REPLY_MOCK_BIN || join(root, "target/x86_64-unknown-linux-gnu/debug/reply-mock");
const KEY = "mock-personal-key";
const SCRIPT_NAME = "<script>alert(1)</script>";

let mock, base, receiver, hookUrl, browser, page, work;
const received = [];
const dialogs = [];

/// An API call with the mock's personal key; the answer's status and JSON (when any).
async function api(method, path, body) {
  const answer = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: answer.status, json, text };
}

async function created(path, body) {
  const answer = await api("POST", path, body);
  assert.equal(answer.status, 201, `${path}: ${answer.text}`);
  return answer.json.id;
}

async function until(what, check, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "console-test-"));
  // Every email opened and every connection accepted, so the outbox shows fates; quick retries.
  const config = {
    seed: 7, quiet: true,
    activity: { openRate: 1, replyRate: 0, bounceRate: 0, clickRate: 0, acceptRate: 1 },
    webhooks: { retries: 1, retryBackoffMs: 20 },
  };
  writeFileSync(join(work, "config.json"), JSON.stringify(config));
  mock = spawn(mockBin, ["--port", "0", "--config", join(work, "config.json")], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: mock.stdout });
  base = await new Promise((resolve, reject) => {
    mock.once("exit", (code) => reject(new Error(`reply-mock exited with ${code}`)));
    lines.once("line", (line) => resolve(line.split(" ").pop()));
  });

  // /hooks/reply takes every delivery; /hooks/flaky refuses its first one (so the mock retries it).
  let flaky = 0;
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/hooks/flaky" && flaky++ === 0) return res.writeHead(500).end();
      received.push({ url: req.url, body: JSON.parse(body) });
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${receiver.address().port}/hooks/reply`;

  // A fresh profile each run; without the background-networking flags Chromium
  // reaches out on start (and a closed network refuses it).
  browser = await chromium.launchPersistentContext(join(work, "chromium"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 820 },
  });
  page = await browser.newPage();
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
});

after(async () => {
  await browser?.close();
  mock?.kill("SIGTERM");
  receiver?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(view) {
  await page.goto(`${base}/__mock/console?view=${view}`);
  await page.waitForSelector(`body[data-view="${view}"]`);
}

async function shoot(view) {
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: join(docs, `console-${view}.png`), fullPage: true });
}

test("the console shows what a scenario did, and its fault form takes effect", async (t) => {
  // The scenario.
  const account = await created("/v3/email-accounts", { connection: {
    email: "sales@acme.io", senderName: "Acme Sales", smtpHost: "smtp.acme.io", smtpPort: 587, smtpPassword: "x",
    smtpSsl: true, imapHost: "imap.acme.io", imapPort: 993, imapPassword: "x", imapSsl: true } });
  const list = await created("/v3/contact-lists", { name: "Launch prospects" });
  const imported = await api("POST", "/v3/contacts/import", { options: { listIds: [list] }, items: [
    { email: "ann@acme.io", firstName: "Ann", lastName: "Lee", company: "Acme" },
    { email: "bo@globex.io", firstName: "Bo", lastName: "Chan", company: "Globex" },
    { email: "script@evil.io", firstName: SCRIPT_NAME, company: "Evil" },
  ] });
  assert.ok(imported.status < 300, imported.text);
  const validation = await api("POST", "/v3/email-validations/schedule", { contactIds: [1, 2] });
  assert.ok(validation.status < 300, validation.text);
  const contacts = (await api("GET", "/v3/contacts")).json.items.map((c) => c.id);
  assert.equal(contacts.length, 3);
  await created("/v3/webhooks", { eventType: "email_sent", url: hookUrl });
  await created("/v3/webhooks", { eventType: "email_sent", url: hookUrl.replace("reply", "flaky") });
  const sequence = await created("/v3/sequences", { name: "Spring launch", emailAccounts: [account], steps: [
    { type: "email", delayInMinutes: 0, executionMode: "automatic",
      variants: [{ subject: "Hi {{firstName}}", message: "<p>Hello {{firstName}}, how is {{companyName}}?</p>", isEnabled: true }] },
    { type: "linkedIn", actionType: "connect", delayInMinutes: 0, executionMode: "automatic",
      variants: [{ message: "Glad to connect, {{firstName}}", isEnabled: true }] },
  ] });
  // A second sequence, not started, branching on a condition (the State view draws its branches).
  const followUp = await created("/v3/sequences", { name: "Follow-up", steps: [
    { type: "email", delayInMinutes: 0, executionMode: "automatic", variants: [{ subject: "Checking in", message: "Hi", isEnabled: true }] }] });
  const condition = await created(`/v3/sequences/${followUp}/steps`, { type: "condition", delayInMinutes: 0, waitInMinutes: 1440,
    conditions: [{ property: "emailOpened", rules: [{ operator: "equals", value: "true" }] }] });
  for (const [positive, subject] of [[true, "Glad you read it"], [false, "Did this get buried?"]]) {
    await created(`/v3/sequences/${followUp}/steps`, { type: "email", delayInMinutes: 1440, executionMode: "automatic",
      parentId: condition, ifConditionPositive: positive, variants: [{ subject, message: "x", isEnabled: true }] });
  }
  assert.equal((await api("POST", `/v3/sequences/${sequence}/contact-links/bulk`, { contactIds: contacts })).status, 200);
  assert.equal((await api("POST", `/v3/sequences/${sequence}/start`)).status, 200);
  // The steps run when the next write reaches the mock; its email_sent events go to the receiver.
  await created("/v3/contacts", { email: "late@acme.io", firstName: "Late" });
  await until("six webhook deliveries", () => received.length >= 6);
  assert.equal((await api("PUT", "/__mock/faults", { operations: { GetContacts: { errors: { 503: 1 } } } })).status, 204);
  assert.equal((await api("GET", "/v3/contacts")).status, 503);

  await t.test("Requests: each API request, the fault, bodies on click", async () => {
    await open("requests");
    const rows = page.locator("details.row");
    await rows.filter({ hasText: "ImportContacts" }).first().waitFor();
    const faulted = rows.filter({ hasText: "GetContacts" }).filter({ hasText: "503" }).first();
    await faulted.locator(".badge.bad", { hasText: "fault" }).waitFor();
    const created = rows.filter({ hasText: "CreateSequence" }).filter({ hasText: "Spring launch" }).first();
    await created.locator("summary").click();
    await created.locator("pre", { hasText: "Spring launch" }).first().waitFor();
    assert.ok(!(await page.content()).includes(KEY), "the key is never shown");
    await shoot("requests");
    // The filter narrows the list (the live refresh applies it).
    await page.fill("#filter", "503");
    await page.waitForFunction(() => [...document.querySelectorAll("details.row")].every((r) => r.textContent.includes("503")));
  });

  await t.test("Outbox: each message as its recipient sees it, grouped by sequence and step", async () => {
    await open("outbox");
    await page.locator(".sequence h3", { hasText: "Spring launch" }).waitFor();
    await page.locator("h4", { hasText: "Step 1 (email) · 3 sent" }).waitFor();
    await page.locator("h4", { hasText: "Step 2 (linkedIn) · 3 sent" }).waitFor();
    const ann = page.locator("article.message.email", { hasText: "ann@acme.io" });
    await ann.locator(".subject", { hasText: "Hi Ann" }).waitFor();
    await ann.locator(".badge", { hasText: "opened" }).waitFor();
    const body = await ann.locator("iframe.email").contentFrame().locator("p").textContent();
    assert.equal(body, "Hello Ann, how is Acme?");
    await page.locator("article.message.linkedIn", { hasText: "Glad to connect, Bo" }).locator(".badge", { hasText: "accepted" }).waitFor();
    // The contact named <script> is text, in the subject and in the (sandboxed) body.
    await page.locator(".subject", { hasText: `Hi ${SCRIPT_NAME}` }).waitFor();
    const evil = page.locator("article.message.email", { hasText: "script@evil.io" });
    assert.equal(await evil.locator("iframe.email").contentFrame().locator("p").textContent(), `Hello ${SCRIPT_NAME}, how is Evil?`);
    await shoot("outbox");
  });

  await t.test("Webhooks: each delivery attempt with the receiver's status and its payload", async () => {
    await open("webhooks");
    await page.locator("table.subscriptions td", { hasText: hookUrl }).waitFor();
    const attempts = page.locator(".deliveries details.row", { hasText: "email_sent" });
    await attempts.nth(6).waitFor();
    assert.equal(await attempts.count(), 7, "six deliveries, one of them retried");
    const refused = attempts.filter({ has: page.locator(".badge.bad", { hasText: "500" }) });
    assert.equal(await refused.count(), 1);
    await attempts.filter({ hasText: "retry 1" }).locator(".badge.ok", { hasText: "200" }).waitFor();
    const first = attempts.filter({ hasText: "first" }).filter({ has: page.locator(".badge.ok") }).first();
    await first.locator("summary").click();
    await first.locator("pre", { hasText: "\"first_name\"" }).waitFor();
    await shoot("webhooks");
  });

  await t.test("State: counts, contacts (escaped), the sequence's chain, lists, jobs", async () => {
    await open("state");
    await page.locator("table.counts tr", { hasText: "contacts" }).filter({ hasText: "4" }).first().waitFor();
    await page.locator("table.contacts td", { hasText: SCRIPT_NAME }).waitFor();
    const launch = page.locator(".sequence", { has: page.locator("h3", { hasText: "Spring launch" }) });
    await launch.locator("h3 .badge", { hasText: "active" }).waitFor();
    assert.equal(await launch.locator("ol.chain > li.step").count(), 2);
    const followUp = page.locator(".sequence", { has: page.locator("h3", { hasText: "Follow-up" }) });
    await followUp.locator(".branch.yes li.step", { hasText: "Glad you read it" }).waitFor();
    await followUp.locator(".branch.no li.step", { hasText: "Did this get buried?" }).waitFor();
    await page.locator("ol.chain ul.variants li", { hasText: "Hi {{firstName}}" }).waitFor();
    await page.locator("table.lists tr", { hasText: "Launch prospects" }).locator("td", { hasText: /^3$/ }).waitFor();
    await page.locator("table.contacts tr", { hasText: "ann@acme.io" }).locator("td", { hasText: "Launch prospects" }).waitFor();
    await page.locator("table.jobs tbody tr").first().locator("progress").waitFor();
    assert.equal(await page.locator("script").count(), 1, "only the console's own script is on the page");
    assert.deepEqual(dialogs, [], "no script from the data ran");
    await shoot("state");
  });

  await t.test("Faults & limits: rules and counters, and the form changes the rules", async () => {
    await open("faults");
    await page.locator("table.fault-counts tr", { hasText: "errors before acting" }).filter({ hasText: "503: 1" }).waitFor();
    await page.locator("table.limits td", { hasText: "user 1" }).first().waitFor();
    const rules = JSON.stringify({ operations: { GetContacts: { errors: { 429: 1 } } } }, null, 2);
    await page.fill("#fault-rules", rules);
    await page.click("#fault-form button[type=submit]");
    await page.locator("#fault-result", { hasText: "applied" }).waitFor();
    // The next request gets the new rule's fault, and the view counts it.
    const next = await api("GET", "/v3/contacts");
    assert.equal(next.status, 429);
    await page.locator("table.fault-counts tr", { hasText: "errors before acting" }).filter({ hasText: "429: 1" }).waitFor();
    await page.locator("#rules", { hasText: "429" }).waitFor();
    await shoot("faults");
    // A rule that is not a fault configuration is refused, and said so.
    await page.fill("#fault-rules", "{\"nope\": 1}");
    await page.click("#fault-form button[type=submit]");
    await page.locator("#fault-result.bad", { hasText: "not a fault configuration" }).waitFor();
  });
});
