import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, norm } from './browser.mjs';

const NAV_LINKS = ['Tin tức', 'Đại biểu', 'Kỳ họp', 'Nghị quyết', 'Kiến nghị', 'Lịch', 'Tìm kiếm'];

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

/**
 * The link texts of every navigation landmark on the page, one array per landmark.
 * Uses locators only, so it also works with JavaScript disabled.
 */
async function navLinkTexts(page) {
  const navs = page.locator('nav, [role="navigation"]');
  const out = [];
  for (const nav of await navs.all()) {
    const texts = await nav.locator('a[href]').allInnerTexts();
    out.push(texts.map(norm));
  }
  return out;
}

function assertMainNav(navs, where) {
  const expected = NAV_LINKS.map(norm);
  const main = navs.find((texts) => expected.every((t) => texts.includes(t)));
  assert.ok(
    main,
    `${where}: no navigation landmark (<nav>) has links with exactly these texts: ` +
      `${expected.join(', ')}\nnavigation landmarks found: ${JSON.stringify(navs)}`,
  );
  return main;
}

test('home page: 200, lang="vi", header, main navigation', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const res = await page.goto(`${srv.url}/`);
    assert.equal(res.status(), 200, 'GET / status');

    const lang = await page.locator('html').getAttribute('lang');
    assert.equal(lang, 'vi', '<html lang> on /');

    const header = page.locator('header, [role="banner"]').first();
    assert.ok(await header.count(), 'the page has a <header> (banner)');
    assert.match(norm(await header.innerText()), /Hội đồng nhân dân/, 'header text');

    const navs = await navLinkTexts(page);
    const main = assertMainNav(navs, '/');
    // Also in this order (other links may be interleaved).
    const positions = NAV_LINKS.map((t) => main.indexOf(norm(t)));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      `nav links are not in the order ${NAV_LINKS.join(', ')}: ${JSON.stringify(main)}`,
    );
    for (const name of NAV_LINKS) {
      await assert.doesNotReject(
        page.getByRole('navigation').getByRole('link', { name, exact: true }).first().waitFor({ state: 'visible' }),
        `nav link "${name}" is visible`,
      );
    }
  } finally {
    await context.close();
  }
});

test('skip link is the first focusable element and targets #noi-dung', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${srv.url}/`);

    // The first Tab from the top of the page must land on the skip link.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el
        ? { tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), text: el.textContent.trim(), html: el.outerHTML.slice(0, 200) }
        : null;
    });
    assert.ok(focused, 'something is focused after one Tab');
    assert.equal(focused.tag, 'a', `first focusable element is a link (got ${focused.html})`);
    assert.equal(focused.href, '#noi-dung', `first focusable link's href (got ${focused.html})`);
    assert.ok(focused.text.length > 0, 'the skip link has text');

    const target = page.locator('#noi-dung');
    assert.equal(await target.count(), 1, 'exactly one element with id="noi-dung"');

    // Following the skip link moves to the target.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#noi-dung');
  } finally {
    await context.close();
  }
});

// The pages a voter reads on a phone: the home page and the petitions' public pages (list,
// form, tracking, figures per agency and field, search).
const PHONE_PAGES = [
  '/',
  '/kien-nghi',
  '/kien-nghi/gui',
  '/kien-nghi/theo-doi',
  '/kien-nghi/co-quan',
  '/kien-nghi/linh-vuc',
  '/tim-kiem?q=kien+nghi',
];

test('phone viewport (375×812): no horizontal scroll', async () => {
  const context = await newContext(browser, {
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    for (const path of PHONE_PAGES) {
      const res = await page.goto(`${srv.url}${path}`);
      assert.equal(res.status(), 200, path);
      const { scrollWidth, widest } = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        let widest = null;
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > vw + 1 && (!widest || r.right > widest.right)) {
            widest = { right: Math.round(r.right), html: el.outerHTML.slice(0, 160) };
          }
        }
        return { scrollWidth: document.scrollingElement.scrollWidth, widest };
      });
      assert.ok(
        scrollWidth <= 375 + 1,
        `${path}: horizontal scroll at 375 px: scrollWidth=${scrollWidth}` +
          (widest ? `; widest overflowing element ends at ${widest.right}px: ${widest.html}` : ''),
      );
    }
  } finally {
    await context.close();
  }
});

test('works with JavaScript disabled', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${srv.url}/`);
    assert.equal(res.status(), 200);
    assertMainNav(await navLinkTexts(page), '/ without JavaScript');
    for (const name of NAV_LINKS) {
      assert.ok(
        await page.getByRole('navigation').getByRole('link', { name, exact: true }).first().isVisible(),
        `nav link "${name}" is visible without JavaScript`,
      );
    }
  } finally {
    await context.close();
  }
});
