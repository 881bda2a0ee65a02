import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, norm, signInForm } from './browser.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const pathOf = (page) => new URL(page.url()).pathname;

/** The session cookie: named like a session, else whatever cookie signing in added or changed. */
function sessionCookies(beforeSignIn, afterSignIn) {
  const named = afterSignIn.filter((c) => /sess|phien/i.test(c.name));
  if (named.length) return named;
  const was = new Map(beforeSignIn.map((c) => [c.name, c.value]));
  return afterSignIn.filter((c) => was.get(c.name) !== c.value);
}

test('sign in, session cookie flags, sign out', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const res = await page.goto(`${srv.url}/dang-nhap`);
    assert.equal(res.status(), 200, 'GET /dang-nhap status');

    const form = signInForm(page);
    assert.equal(await form.email.getAttribute('name'), 'email', 'the field labelled "E-mail" has name="email"');
    assert.equal(await form.password.getAttribute('name'), 'password', 'the field labelled "Mật khẩu" has name="password"');
    assert.equal(await form.password.getAttribute('type'), 'password', 'the password field has type="password"');

    const cookiesBefore = await context.cookies(srv.url);
    await form.email.fill(srv.email);
    await form.password.fill(srv.password);
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/quan-tri')), form.submit.click()]);
    assert.ok(pathOf(page).startsWith('/quan-tri'), `landed on ${page.url()}`);
    assert.match(norm(await page.locator('body').innerText()), /Đăng xuất/, 'the admin page offers "Đăng xuất"');

    const cookies = sessionCookies(cookiesBefore, await context.cookies(srv.url));
    assert.ok(cookies.length > 0, `a session cookie was set; cookies: ${JSON.stringify(await context.cookies(srv.url))}`);
    for (const c of cookies) {
      assert.equal(c.httpOnly, true, `cookie ${c.name} is HttpOnly`);
      assert.equal(c.sameSite, 'Lax', `cookie ${c.name} is SameSite=Lax`);
    }

    // Sign out with the button, then the admin area sends us back to the sign-in page.
    const signOut = page.getByRole('button', { name: 'Đăng xuất', exact: true });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      signOut.first().click(),
    ]);
    await page.waitForLoadState('load');
    await page.goto(`${srv.url}/quan-tri`);
    assert.equal(pathOf(page), '/dang-nhap', `after signing out, /quan-tri redirects to /dang-nhap (got ${page.url()})`);
  } finally {
    await context.close();
  }
});

test('wrong password stays on the sign-in page with an alert', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${srv.url}/dang-nhap`);
    const form = signInForm(page);
    await form.email.fill(srv.email);
    await form.password.fill(`${srv.password}-sai`);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      form.submit.click(),
    ]);
    await page.waitForLoadState('load');

    const alert = page.getByRole('alert').filter({ hasText: 'không đúng' });
    await alert.first().waitFor({ state: 'visible' });
    assert.equal(pathOf(page), '/dang-nhap', `still on the sign-in page (got ${page.url()})`);
    assert.ok(!pathOf(page).startsWith('/quan-tri'));

    // Not signed in: the admin area still redirects.
    await page.goto(`${srv.url}/quan-tri`);
    assert.equal(pathOf(page), '/dang-nhap', `/quan-tri redirects to /dang-nhap (got ${page.url()})`);
  } finally {
    await context.close();
  }
});
