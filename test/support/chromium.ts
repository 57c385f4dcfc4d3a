/**
 * Headless Chromium for browser tests: Debian's `chromium` package driven by
 * playwright-core. When /usr/bin/chromium is missing (a fresh CI machine) it
 * is installed with apt-get (needs root; takes a minute or two).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.STELLAR_CHROMIUM ?? '/usr/bin/chromium';

/** Installs Debian's chromium when it is not there yet. Returns the executable path. */
export function ensureChromium(log: (line: string) => void = () => {}): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    throw new Error(`${CHROMIUM_PATH} is missing; install Debian's chromium package (apt-get install -y chromium) or set STELLAR_CHROMIUM`);
  }
  log('chromium is missing: installing it with apt-get (a minute or two)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  } catch {
    // Stale package lists on a fresh machine: refresh them once and try again.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} does not exist`);
  return CHROMIUM_PATH;
}

export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a new, empty profile directory (playwright
 * wants it as launchPersistentContext's argument rather than --user-data-dir).
 */
export async function launchChromium(opts: { viewport?: { width: number; height: number } } = {}): Promise<HeadlessBrowser> {
  const executablePath = ensureChromium();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'stellar-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: opts.viewport ?? { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// `tsx test/support/chromium.ts` installs it ahead of a test run.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium((l) => console.log(l)));
}
