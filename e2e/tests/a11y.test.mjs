import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, norm, signIn } from './browser.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PUBLIC_PAGES = [
  '/',
  '/dang-nhap',
  '/dai-bieu',
  '/don-vi',
  '/tim-kiem?q=ha%20noi',
  '/ky-hop',
  '/tin-tuc',
  '/nghi-quyet',
  '/kien-nghi',
  '/lich',
  '/tin-tuc/ky-hop',
  '/chuyen-trang/nhiem-ky-2026-2031',
  // The first article listed on /tin-tuc (resolved at run time).
  '@first-article',
  '@first-article/ban-in',
  '/lich?xem=thang',
  '/lich?xem=tuan',
  '/dai-bieu/cua-toi?q=ba%20dinh%2C%20ha%20noi',
  '/dai-bieu/cua-toi?q=ba%20dinh',
  // The first delegate, session and resolution listed (resolved at run time).
  '@first-delegate',
  '@first-session',
  '@first-resolution',
];

const ADMIN_PAGES = [
  '/quan-tri',
  '/quan-tri/nhat-ky',
  '/quan-tri/nguoi-dung',
  '/quan-tri/tai-khoan',
  '/quan-tri/tin-bai',
  '/quan-tri/tin-bai/moi',
  '/quan-tri/tin-bai/thong-ke',
  '/quan-tri/tin-bai/huong-dan',
  '/quan-tri/dai-bieu',
  '/quan-tri/hoat-dong',
  '/quan-tri/nghi-quyet',
  // The desk page of the first article in the list (resolved at run time).
  '@first-desk-article',
];

/** Turns the run-time placeholders into real paths by reading the lists they come from. */
async function resolvePath(page, pagePath) {
  if (pagePath.startsWith('@first-article')) {
    await page.goto(`${srv.url}/tin-tuc`);
    const href = await page.locator('.card-title a').first().getAttribute('href');
    return href + pagePath.slice('@first-article'.length);
  }
  const lists = {
    '@first-delegate': ['/dai-bieu', 'ul.people a'],
    '@first-session': ['/ky-hop', 'ul.events a'],
    '@first-resolution': ['/nghi-quyet', 'ul.resolutions a'],
  };
  if (lists[pagePath]) {
    const [list, selector] = lists[pagePath];
    await page.goto(`${srv.url}${list}`);
    return await page.locator(selector).first().getAttribute('href');
  }
  if (pagePath === '@first-desk-article') {
    await page.goto(`${srv.url}/quan-tri/tin-bai`);
    return await page.locator('tbody a').first().getAttribute('href');
  }
  return pagePath;
}

let srv;
let browser;
let adminContext;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await adminContext?.close();
  await browser?.close();
  await srv?.stop();
});

/** One readable block per violation: rule id, impact, help, where to read more, first targets. */
function formatViolations(pagePath, violations) {
  const lines = [`${violations.length} axe violation(s) on ${pagePath}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`    at ${JSON.stringify(node.target)}: ${node.html.slice(0, 200)}`);
      const summary = (node.failureSummary ?? '')
        .split('\n')
        .map(norm)
        .filter(Boolean)
        .join(' | ')
        .slice(0, 300);
      if (summary) lines.push(`       ${summary}`);
    }
    if (v.nodes.length > 5) lines.push(`    … and ${v.nodes.length - 5} more node(s)`);
  }
  return lines.join('\n');
}

async function checkPage(page, wanted) {
  const pagePath = await resolvePath(page, wanted);
  const res = await page.goto(`${srv.url}${pagePath}`);
  assert.ok(res, `no response for ${pagePath}`);
  assert.equal(res.status(), 200, `GET ${pagePath} status (final URL ${page.url()})`);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  if (results.violations.length) {
    const report = formatViolations(pagePath, results.violations);
    console.error(report);
    assert.fail(report);
  }
}

for (const pagePath of PUBLIC_PAGES) {
  test(`axe: ${pagePath}`, async () => {
    const context = await newContext(browser);
    try {
      await checkPage(await context.newPage(), pagePath);
    } finally {
      await context.close();
    }
  });
}

for (const pagePath of ADMIN_PAGES) {
  test(`axe (signed in as the demo admin): ${pagePath}`, async () => {
    if (!adminContext) {
      const context = await newContext(browser);
      try {
        await signIn(await context.newPage(), srv);
      } catch (err) {
        await context.close();
        throw err;
      }
      adminContext = context;
    }
    const page = await adminContext.newPage();
    try {
      await checkPage(page, pagePath);
      assert.ok(
        new URL(page.url()).pathname.startsWith('/quan-tri'),
        `${pagePath} stayed in the admin area (got ${page.url()})`,
      );
    } finally {
      await page.close();
    }
  });
}

test('English switch: /?lang=en shows the navigation in English', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const res = await page.goto(`${srv.url}/?lang=en`);
    assert.equal(res.status(), 200);
    const navText = norm((await page.locator('nav, [role="navigation"]').allInnerTexts()).join(' '));
    assert.match(navText, /\bNews\b/, `the navigation is in English: ${navText}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', '<html lang> follows the language');
  } finally {
    await context.close();
  }
});
