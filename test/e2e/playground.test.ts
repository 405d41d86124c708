import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_CSP, prefersHtml } from '../../src/server/playground.js';
import { client } from '../support/clients.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

/** Debian's chromium; `.ci/run` installs it where it is missing. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often have a small /dev/shm.
  '--disable-dev-shm-usage',
];

const BROWSER_HTML =
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const analyst = client('analyst', {
  connections: [CONNECTIONS.eu],
  pii: 'mask',
});
const closed = client('closed', {
  connections: [CONNECTIONS.us],
  introspection: false,
});

describe('the playground', () => {
  let stack: Stack;
  let context: BrowserContext;
  let profile: string;
  /** Requests the page tried to send off this machine. */
  const offsite: string[] = [];
  /** Console errors, CSP violations among them. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      configure: (config) => ({ ...config, clients: [analyst, closed] }),
    });
    profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    await context.route('**/*', async (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') {
        await route.continue();
        return;
      }
      offsite.push(route.request().url());
      await route.abort('blockedbyclient');
    });
  }, 60_000);

  afterAll(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await stack.close();
  });

  it('answers a browser with its own page, under a strict policy', async () => {
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      headers: { accept: BROWSER_HTML },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(
      PLAYGROUND_CSP,
    );
    const html = await response.text();
    expect(html).toContain('/playground/assets/graphiql.min.js');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);

    const script = await fetch(
      `${stack.gateway.url}/playground/assets/graphiql.min.js`,
    );
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const missing = await fetch(
      `${stack.gateway.url}/playground/assets/package.json`,
    );
    expect(missing.status).toBe(404);
  });

  it('tells a browser from other clients by Accept', () => {
    expect(prefersHtml(BROWSER_HTML)).toBe(true);
    expect(prefersHtml('text/html;q=0.9, application/json')).toBe(false);
    expect(prefersHtml('application/json;q=0.5, text/html')).toBe(true);
    expect(prefersHtml('text/html;q=0')).toBe(false);
    expect(prefersHtml('application/json, text/html')).toBe(false);
    expect(prefersHtml('application/graphql-response+json')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
  });

  it('leaves other GETs to Apollo and its CSRF prevention', async () => {
    const url = `${stack.gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const plain = await fetch(url, {
      headers: { authorization: `Bearer ${analyst.key}` },
    });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toContain('CSRF');

    const preflighted = await fetch(url, {
      headers: {
        authorization: `Bearer ${analyst.key}`,
        'apollo-require-preflight': 'true',
        accept: 'application/json',
      },
    });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toMatchObject({
      data: { __typename: 'Query' },
    });
  });

  it('takes a key, shows an example per connection and runs it', async () => {
    const expected = await stack.query<{
      connection: { workspace: { name: string } };
    }>(
      `{ connection(id: "${CONNECTIONS.eu}") { workspace { name } } }`,
      {},
      { key: analyst.key },
    );
    const workspaceName = expected.data?.connection.workspace.name;
    expect(workspaceName).toBeTruthy();

    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const posts: { url: string; authorization: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') {
        posts.push({
          url: request.url(),
          authorization: request.headers().authorization,
        });
      }
    });

    await page.goto(`${stack.gateway.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    await page.locator('#key').fill(analyst.key);
    await page.locator('#use-key').click();

    // The example for the analyst's one connection fills the editor.
    const editor = page.locator('.graphiql-query-editor');
    await expect
      .poll(() => editor.innerText(), { timeout: 15_000 })
      .toContain(`connection(id: "${CONNECTIONS.eu}")`);
    await expect
      .poll(() => page.locator('#notice').innerText())
      .toContain(CONNECTIONS.eu);

    // The docs come from introspection with the key.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await expect
      .poll(() => page.locator('.graphiql-doc-explorer').innerText(), {
        timeout: 15_000,
      })
      .toContain('Query');

    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect
      .poll(() => result.innerText(), { timeout: 15_000 })
      .toContain(workspaceName);
    expect(await result.innerText()).toContain('"status": "ACTIVE"');

    // Before the key, the page sent nothing; after, every POST carried
    // the key in its header, never in a URL, and the key stays in this
    // tab's sessionStorage.
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) {
      expect(post.url).toBe(`${stack.gateway.url}/graphql`);
      expect(post.authorization).toBe(`Bearer ${analyst.key}`);
    }
    expect(page.url()).not.toContain(analyst.key);
    expect(
      await page.evaluate('sessionStorage.getItem("intercom-gateway:key")'),
    ).toBe(analyst.key);
    expect(
      await page.evaluate('JSON.stringify({ ...localStorage })'),
    ).not.toContain(analyst.key);
    await page.close();

    expect(offsite).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('needs no key on a gateway without clients', async () => {
    const open = await startStack();
    try {
      const page = await context.newPage();
      await page.goto(`${open.gateway.url}/graphql`);
      expect(await page.locator('#key').isVisible()).toBe(false);
      const tabs = page.locator('.graphiql-tab');
      await expect
        .poll(() => tabs.allInnerTexts(), { timeout: 15_000 })
        .toEqual(
          Object.values(CONNECTIONS).map(
            (id) => `Connection_${id.replace(/-/g, '_')}`,
          ),
        );
      await page.close();
    } finally {
      await open.close();
    }
    expect(offsite).toEqual([]);
  }, 60_000);

  it('says so when the key may not read the schema', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.gateway.url}/graphql`);
    await page.locator('#key').fill(closed.key);
    await page.locator('#use-key').click();
    await expect
      .poll(() => page.locator('#notice').innerText(), { timeout: 15_000 })
      .toContain('may not read the schema');
    await expect
      .poll(() => page.locator('.graphiql-query-editor').innerText())
      .toContain(`connection(id: "${CONNECTIONS.us}")`);
    await page.close();
    expect(offsite).toEqual([]);
  }, 60_000);
});
