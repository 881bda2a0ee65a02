// Shared browser helpers: Debian's Chromium driven by playwright-core (no downloaded browsers).
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Default timeout for each Playwright action / navigation. */
export const ACTION_TIMEOUT_MS = 15_000;

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    throw new Error(
      `could not launch Chromium at ${executablePath} (install Debian's package: ` +
        `apt-get install -y chromium, or set CHROMIUM): ${err.message}`,
    );
  }
}

/** A fresh context (own cookies) whose pages use the shorter default timeouts. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'vi-VN', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}

/** Trimmed, NFC-normalised text with runs of whitespace collapsed. */
export function norm(text) {
  return (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The sign-in form's fields and button, located the way a person would find them. */
export function signInForm(page) {
  return {
    email: page.getByLabel('E-mail', { exact: true }),
    password: page.getByLabel('Mật khẩu', { exact: true }),
    submit: page.getByRole('button', { name: 'Đăng nhập', exact: true }),
  };
}

/** Signs `page` in through /dang-nhap and waits to land under /quan-tri. */
export async function signIn(page, srv, { email = srv.email, password = srv.password } = {}) {
  await page.goto(`${srv.url}/dang-nhap`);
  const form = signInForm(page);
  await form.email.fill(email);
  await form.password.fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname.startsWith('/quan-tri')),
    form.submit.click(),
  ]);
}
