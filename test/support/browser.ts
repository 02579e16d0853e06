import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { totpCode } from "../../src/platform/auth/index.js";
import { packageRoot } from "../../src/platform/paths.js";

/**
 * Debian's Chromium (/usr/bin/chromium, installed by .ci/run when missing) driven by
 * playwright-core: headless, sandbox off (CI runs as root), nothing fetched from outside,
 * a fresh profile per launch.
 */
export const CHROMIUM = process.env.LESC_CHROMIUM ?? "/usr/bin/chromium";
export const ARTIFACTS = path.join(packageRoot(), "test-artifacts", "console");

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot under test-artifacts/console/NAME.png. */
  screenshot(name: string): Promise<string>;
  /** Runs axe-core in the page; returns violations of serious or critical impact. */
  axe(): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]>;
  /** Screenshot, then axe: fails on any violation of serious or critical impact. */
  check(name: string): Promise<void>;
  /** Logs on at `url` with password and TOTP; waits for the console's shell. */
  logOn(url: string, user: { username: string; password: string; totpSecret: string }): Promise<void>;
  close(): Promise<void>;
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lesc-chromium-"));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1366, height: 900 },
    timezoneId: "UTC",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  const browser: TestBrowser = {
    context,
    page,
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async axe() {
      // Injected as a script element's text would be inline script (refused by the CSP):
      // Playwright evaluates it through the DevTools protocol instead, which the CSP does not govern.
      await page.evaluate(axeSource);
      const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
        violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
      };
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        }));
    },
    async check(name) {
      await browser.screenshot(name);
      const violations = await browser.axe();
      assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1)}`);
    },
    async logOn(url, user) {
      await page.goto(`${url}/`);
      await page.getByLabel("User name").fill(user.username);
      await page.getByLabel("Password").fill(user.password);
      await page.getByLabel("One-time code (TOTP)").fill(totpCode(user.totpSecret, new Date()));
      await page.getByRole("button", { name: "Log on" }).click();
      await page.getByRole("button", { name: "Log off" }).waitFor();
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
  return browser;
}
