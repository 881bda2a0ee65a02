// Starts the portal (`caunoi serve --demo`) for one test file and stops it afterwards.
//
//   const srv = await startServer();   // { url, email, password, stop() }
//   ...
//   await srv.stop();
//
// Env:
//   CAUNOI_BIN                 the binary (default: ../target/debug/caunoi, relative to e2e/)
//   CAUNOI_E2E_DATABASE_URL    when set, a PostgreSQL database URL (postgres://user@host:port/NAME);
//                              the portal runs against it (--database-url) in a fresh database.
//
// `serve --demo` writes demo content (and prints the one-time password) only into an empty
// database, and every test file starts its own server. So with CAUNOI_E2E_DATABASE_URL each server
// gets its own database NAME_<pid>_<n>, created with psql through that URL before the start and
// dropped by stop(); the database NAME itself is only used to connect and is left as it is.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const MAX_OUTPUT_CHARS = 64 * 1024;

const LISTEN_RE = /Cầu Nối listening on (http:\/\/127\.0\.0\.1:\d+)\b/u;
const EMAIL_RE = /Demo admin: (\S+@\S+)/u;
const PASSWORD_RE = /One-time password: ([A-Za-z0-9_-]{16})(?![A-Za-z0-9_-])/u;
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*[A-Za-z]/g;

export function binaryPath() {
  const bin = process.env.CAUNOI_BIN || '../target/debug/caunoi';
  return path.resolve(E2E_DIR, bin);
}

const execFileP = promisify(execFile);
let dbCounter = 0;

async function psql(url, sql) {
  try {
    await execFileP('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { timeout: 30_000 });
  } catch (err) {
    throw new Error(`psql failed (${sql}) via ${url}: ${err.stderr || err.message}`);
  }
}

/** A fresh PostgreSQL database next to the one in `baseUrl`: { url, drop() }. */
async function freshDatabase(baseUrl) {
  const url = new URL(baseUrl);
  const base = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'caunoi_e2e';
  const name = `${base.slice(0, 40)}_${process.pid}_${++dbCounter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const quoted = `"${name}"`;
  await psql(baseUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  await psql(baseUrl, `CREATE DATABASE ${quoted}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => psql(baseUrl, `DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`),
  };
}

/** Children still running, killed if the test process exits without stopping them. */
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

export async function startServer() {
  const bin = binaryPath();
  try {
    await access(bin, fsConstants.X_OK);
  } catch {
    throw new Error(
      `caunoi binary not found or not executable at ${bin}; ` +
        'build it with `cargo build -p caunoi` or set CAUNOI_BIN',
    );
  }

  const db = process.env.CAUNOI_E2E_DATABASE_URL
    ? await freshDatabase(process.env.CAUNOI_E2E_DATABASE_URL)
    : null;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'caunoi-e2e-'));
  const args = ['serve', '--demo', '--addr', '127.0.0.1:0', '--data-dir', dataDir];
  if (db) args.push('--database-url', db.url);
  const cleanUp = async () => {
    await rm(dataDir, { recursive: true, force: true });
    await db?.drop();
  };

  const child = spawn(bin, args, {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  live.add(child);

  let output = '';
  const found = { url: null, email: null, password: null };
  let demoRefused = false;
  let exited = null; // { code, signal } once the process has ended
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve(exited);
    });
  });
  let spawnError = null;
  child.once('error', (err) => {
    spawnError = err;
  });

  let wake = () => {};
  const onData = (text) => {
    output += text;
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
    for (const rawLine of text.split(/\r?\n/)) {
      const line = rawLine.replace(ANSI_RE, '').normalize('NFC');
      let m;
      if (!found.url && (m = LISTEN_RE.exec(line))) found.url = m[1];
      if (!found.email && (m = EMAIL_RE.exec(line))) found.email = m[1];
      if (!found.password && (m = PASSWORD_RE.exec(line))) found.password = m[1];
      if (/Demo content not written/.test(line)) demoRefused = true;
    }
    wake();
  };
  // Lines may straddle chunks: buffer each stream up to its last newline.
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const cut = pending.lastIndexOf('\n');
      if (cut >= 0) {
        onData(pending.slice(0, cut + 1));
        pending = pending.slice(cut + 1);
      }
    });
    stream.on('end', () => {
      if (pending) onData(pending);
      pending = '';
    });
  }

  const describe = () =>
    `command: ${bin} ${args.join(' ')}\n` +
    `--- process output ---\n${output || '(none)'}\n--- end of output ---`;

  const deadline = Date.now() + START_TIMEOUT_MS;
  const fail = async (why) => {
    if (!exited) {
      child.kill('SIGKILL');
      await exitPromise;
    }
    await cleanUp().catch((err) => console.error(err.message));
    throw new Error(`caunoi did not start: ${why}\n${describe()}`);
  };

  // 1. The three announcement lines.
  while (!(found.url && found.email && found.password)) {
    if (spawnError) await fail(`spawn failed: ${spawnError.message}`);
    if (exited) await fail(`process exited early (code ${exited.code}, signal ${exited.signal})`);
    if (demoRefused) {
      await fail('the database was not empty, so no demo admin password was printed (use a fresh database)');
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const missing = Object.entries(found)
        .filter(([, v]) => !v)
        .map(([k]) => k)
        .join(', ');
      await fail(`timed out after ${START_TIMEOUT_MS / 1000} s waiting for the startup lines (missing: ${missing})`);
    }
    await new Promise((resolve) => {
      const t = setTimeout(resolve, Math.min(left, 250));
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
    wake = () => {};
  }

  // 2. GET /healthz answers 200.
  let lastHealth = 'no answer yet';
  for (;;) {
    if (exited) await fail(`process exited (code ${exited.code}, signal ${exited.signal}) before /healthz answered 200`);
    try {
      const res = await fetch(`${found.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastHealth = `status ${res.status}`;
    } catch (err) {
      lastHealth = String(err?.cause?.code || err?.message || err);
    }
    if (Date.now() >= deadline) {
      await fail(`timed out after ${START_TIMEOUT_MS / 1000} s waiting for GET /healthz = 200 (last: ${lastHealth})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  let stopped = null;
  const stop = () => {
    stopped ??= (async () => {
      try {
        if (!exited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => {
            if (!exited) {
              console.error(
                `caunoi did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killing it\n${describe()}`,
              );
              child.kill('SIGKILL');
            }
          }, STOP_TIMEOUT_MS);
          await exitPromise;
          clearTimeout(timer);
        }
      } finally {
        await cleanUp();
      }
      return exited;
    })();
    return stopped;
  };

  return {
    url: found.url,
    email: found.email,
    password: found.password,
    dataDir,
    /** Everything the server printed so far (last 64 KiB). */
    output: () => output,
    stop,
  };
}
