import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { startServer } from './server.mjs';
import { launchBrowser, newContext, norm, signIn } from './browser.mjs';
import { petitionWithPendingExtension } from './followup-fixture.mjs';

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
  // Petitions: the online form, tracking, and the first public petition (resolved at run time).
  '/kien-nghi/gui',
  '/kien-nghi/theo-doi',
  '@first-petition',
  // Figures per agency and per field.
  '/kien-nghi/co-quan',
  '/kien-nghi/linh-vuc',
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
  // The petition desk: queue, moderation tab, set-up pages, and (resolved at run time) the
  // first petition of the queue and the petitions of the first voter meeting it lists.
  '/quan-tri/kien-nghi',
  '/quan-tri/kien-nghi?loc=cho-duyet',
  '/quan-tri/kien-nghi/co-quan',
  '/quan-tri/kien-nghi/linh-vuc',
  '/quan-tri/lich-nghi',
  '@first-desk-petition',
  '@first-meeting-petitions',
  // Near-duplicate proposals, the dashboard with its charts, the session reports.
  '/quan-tri/kien-nghi/trung-lap',
  '/quan-tri/kien-nghi/thong-ke',
  '/quan-tri/kien-nghi/bao-cao',
  // Follow-up: the supervision tab, the deadline rules, the import form, and a petition with
  // an extension request waiting for the office (made at run time through the API).
  '/quan-tri/kien-nghi?loc=giam-sat',
  '/quan-tri/kien-nghi/thoi-han',
  '/quan-tri/kien-nghi/nhap',
  '@petition-with-extension',
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
    '@first-petition': ['/kien-nghi', 'ul.petitions h2 a'],
  };
  if (lists[pagePath]) {
    const [list, selector] = lists[pagePath];
    await page.goto(`${srv.url}${list}`);
    return await page.locator(selector).first().getAttribute('href');
  }
  if (pagePath === '@first-desk-petition') {
    await page.goto(`${srv.url}/quan-tri/kien-nghi`);
    return await page.locator('.ws-pet-table tbody a').first().getAttribute('href');
  }
  if (pagePath === '@first-meeting-petitions') {
    await page.goto(`${srv.url}/quan-tri/kien-nghi`);
    return await page.locator('#tiep-xuc-cu-tri ~ ul a').first().getAttribute('href');
  }
  if (pagePath === '@petition-with-extension') {
    return await petitionWithPendingExtension(srv);
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

/** Fails with axe's report when the page in front of `page` has violations. */
async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  if (results.violations.length) {
    const report = formatViolations(label, results.violations);
    console.error(report);
    assert.fail(report);
  }
}

// The site has no script of its own; axe needs one, so this context keeps JavaScript on.
test('axe: a petition sent through the form: errors, thank-you page, tracking result', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${srv.url}/kien-nghi/gui`);
    const shownAt = Date.now();
    await page.locator('#kn-title').fill('Đèn đường trước trường tiểu học bị hỏng');
    await page
      .locator('#kn-body')
      .fill('Ba cột đèn trước cổng trường tiểu học không sáng đã hai tuần, học sinh tan học buổi chiều rất nguy hiểm.');
    await page.locator('#kn-name').fill('Người thử trình duyệt');
    await page.locator('#kn-email').fill('trinh-duyet@example.vn');
    const send = () =>
      Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/kien-nghi/gui') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Gửi kiến nghị', exact: true }).click(),
      ]);
    // A person takes a few seconds (sooner, the form is refused as sent too fast).
    await page.waitForTimeout(Math.max(0, 4500 - (Date.now() - shownAt)));
    // Without consent: the form comes back with the message beside the box.
    const [refused] = await send();
    assert.equal(refused.status(), 422);
    await page.waitForLoadState();
    assert.equal(await page.locator('#kn-consent').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, '/kien-nghi/gui (422)');
    // The form sent back keeps the time it was first shown, so no new wait.
    await page.locator('#kn-consent').check();
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/kien-nghi/da-gui'),
      page.getByRole('button', { name: 'Gửi kiến nghị', exact: true }).click(),
    ]);
    const code = norm(await page.locator('.tracking-code').innerText());
    assert.match(code, /^KN-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await assertAccessible(page, '/kien-nghi/da-gui');
    // Follow it with the code (prefilled from the link) and the e-mail.
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/kien-nghi/theo-doi'),
      page.getByRole('link', { name: 'Theo dõi kiến nghị này' }).click(),
    ]);
    assert.equal(await page.locator('#kn-ma').inputValue(), code);
    await page.locator('#kn-lien_he').fill('trinh-duyet@example.vn');
    const [tracked] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/kien-nghi/theo-doi') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Xem tình trạng', exact: true }).click(),
    ]);
    assert.equal(tracked.status(), 200);
    await page.waitForLoadState();
    assert.equal(norm(await page.locator('main h2').first().innerText()), 'Đèn đường trước trường tiểu học bị hỏng');
    await assertAccessible(page, '/kien-nghi/theo-doi (result)');
  } finally {
    await context.close();
  }
});

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

test('axe (signed in as the demo admin): a petition after a refused action and with its contact shown', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await signIn(page, srv);
    // A received petition past moderation (pending ones carry a tag and have no actions yet).
    await page.goto(`${srv.url}/quan-tri/kien-nghi?trang_thai=received`);
    const href = await page
      .locator('.ws-pet-table tbody tr:not(:has(.tag)) a')
      .first()
      .getAttribute('href');
    await page.goto(`${srv.url}${href}`);
    const check = async (label) => {
      const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      if (results.violations.length) {
        const report = formatViolations(label, results.violations);
        console.error(report);
        assert.fail(report);
      }
    };
    // A reason too short for the office's rule: the page comes back with the message beside it.
    await page.locator('#act-reject-reason').fill('abc');
    const [refusal] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`${href}/xu-ly`)),
      page.locator('form[aria-labelledby="h-reject"] button[type="submit"]').click(),
    ]);
    assert.equal(refusal.status(), 422);
    await page.waitForLoadState();
    assert.equal(await page.locator('#act-reject-reason-err').count(), 1);
    assert.equal(await page.locator('#act-reject-reason').getAttribute('aria-invalid'), 'true');
    await check(`${href} (refused)`);
    // The contact, shown on request only.
    await page.goto(`${srv.url}${href}`);
    const [shown] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`${href}/lien-he`)),
      page.getByRole('button', { name: 'Xem thông tin liên hệ' }).click(),
    ]);
    assert.equal(shown.status(), 200);
    await page.waitForLoadState();
    assert.equal(await page.locator('.ws-pet-contact').count(), 1);
    await check(`${href} (contact)`);
  } finally {
    await context.close();
  }
});
