// Puts a petition in the state the workspace shows an extension request in, through the
// portal's own front door (sign-in form, JSON API, the office's responder form), without a
// browser: the demo has no pending request of its own.
//
//   const path = await petitionWithPendingExtension(srv);   // '/quan-tri/kien-nghi/<id>'

const RESPONDER_PASSWORD = 'mat-khau-thu-e2e-2026';

/** Signs in through the form and returns the session cookie header. */
async function signInCookie(srv, email, password) {
  const r = await fetch(`${srv.url}/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  });
  if (r.status !== 303) throw new Error(`sign-in of ${email}: ${r.status}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (!cookies.length) throw new Error(`sign-in of ${email} set no cookie`);
  return cookies.join('; ');
}

async function call(srv, cookie, method, path, body, form = false) {
  const headers = { cookie };
  if (body !== undefined) {
    headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  }
  const r = await fetch(`${srv.url}${path}`, {
    method,
    redirect: 'manual',
    headers,
    body: body === undefined ? undefined : form ? new URLSearchParams(body) : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, text, json: () => JSON.parse(text) };
}

function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/** A forwarded demo petition whose agency's responder asked for more time (pending). */
export async function petitionWithPendingExtension(srv) {
  const admin = await signInCookie(srv, srv.email, srv.password);
  const forwarded = expect(
    await call(srv, admin, 'GET', '/api/v1/petitions?state=forwarded'),
    200,
    'forwarded petitions',
  ).json().items[0];
  if (!forwarded) throw new Error('the demo has no forwarded petition');
  const email = `tra-loi-${process.pid}-${Date.now()}@e2e.caunoi.vn`;
  expect(
    await call(srv, admin, 'POST', '/api/v1/users', {
      email,
      name: 'Người trả lời thử',
      role: 'agency',
      unit: '01',
      password: RESPONDER_PASSWORD,
    }),
    201,
    'responder account',
  );
  expect(
    await call(srv, admin, 'POST', `/quan-tri/kien-nghi/co-quan/${forwarded.agency}/nguoi-tra-loi`, { email }, true),
    303,
    'responder linked to the agency',
  );
  const responder = await signInCookie(srv, email, RESPONDER_PASSWORD);
  expect(
    await call(srv, responder, 'POST', `/api/v1/petitions/${forwarded.id}/extensions`, {
      reason: 'Cần khảo sát hiện trường và xin ý kiến các sở liên quan.',
      extra_days: 5,
    }),
    201,
    'extension request',
  );
  return `/quan-tri/kien-nghi/${forwarded.id}`;
}
