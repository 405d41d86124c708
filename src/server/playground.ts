import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where the page's scripts and styles are served. */
export const PLAYGROUND_ASSETS_PATH = '/playground/assets';

/**
 * The page's policy: every script and style comes from the gateway
 * itself, and it talks to nothing but the gateway. GraphiQL sets inline
 * styles and ships its fonts and icons as data: URLs.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const require = createRequire(import.meta.url);
/** The repository's `playground/` folder, from src/server or dist/server. */
const OWN_ASSETS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'playground',
);

/** A package's file, found the way Node finds the package. */
function packageFile(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Each asset by the name it is served under: installed packages, ours. */
const ASSETS: Record<string, { path: () => string; type: string }> = {
  'react.production.min.js': {
    path: () => packageFile('react', 'umd/react.production.min.js'),
    type: JS,
  },
  'react-dom.production.min.js': {
    path: () => packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: JS,
  },
  'graphiql.min.js': {
    path: () => packageFile('graphiql', 'graphiql.min.js'),
    type: JS,
  },
  'graphiql.min.css': {
    path: () => packageFile('graphiql', 'graphiql.min.css'),
    type: CSS,
  },
  'playground.js': { path: () => join(OWN_ASSETS, 'playground.js'), type: JS },
  'playground.css': {
    path: () => join(OWN_ASSETS, 'playground.css'),
    type: CSS,
  },
};

/**
 * Whether a GET's Accept header asks for a page rather than an answer:
 * `text/html` weighted above any JSON type (first on a tie), as browsers
 * send it. The same requests Apollo answered with its landing page.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranked = accept.split(',').map((part, index) => {
    const [type = '', ...params] = part.split(';');
    const q = params
      .map((param) => /^\s*q=([0-9.]+)\s*$/i.exec(param)?.[1])
      .find((value) => value !== undefined);
    return { type: type.trim().toLowerCase(), q: q ? Number(q) : 1, index };
  });
  const html = ranked.find(({ type }) => type === 'text/html');
  if (!html || !(html.q > 0)) return false;
  return ranked.every(
    ({ type, q, index }) =>
      (type !== 'application/json' &&
        type !== 'application/graphql-response+json') ||
      q < html.q ||
      (q === html.q && index > html.index),
  );
}

function page(open: boolean): string {
  const asset = (name: string) => `${PLAYGROUND_ASSETS_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Intercom GraphQL gateway</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <link rel="stylesheet" href="${asset('playground.css')}" />
  </head>
  <body data-open="${String(open)}">
    <header id="bar">
      <strong>Intercom GraphQL gateway</strong>
      <form id="key-form" autocomplete="off">
        <label for="key">Key</label>
        <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" placeholder="your client key" />
        <button id="use-key" type="submit">Use key</button>
        <button id="forget-key" type="button">Forget</button>
      </form>
      <span id="notice" role="status"></span>
    </header>
    <main id="graphiql"></main>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('playground.js')}"></script>
  </body>
</html>
`;
}

/**
 * Serves the playground: a browser's GET of `/graphql` gets a GraphiQL
 * page whose scripts and styles come from installed packages, served
 * here, so it works without internet access. Any other GET of `/graphql`
 * goes on to Apollo as before (and its CSRF prevention).
 */
export function servePlayground(
  app: FastifyInstance,
  options: { open: boolean },
): void {
  const html = page(options.open);
  // Read on first use, then kept: most processes never serve the page.
  const loaded = new Map<string, Buffer>();

  app.addHook('onRequest', (request, reply, done) => {
    if (
      request.method !== 'GET' ||
      request.url.split('?', 1)[0] !== '/graphql' ||
      !prefersHtml(request.headers.accept)
    ) {
      done();
      return;
    }
    void reply
      .status(200)
      .headers({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PLAYGROUND_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
        vary: 'accept',
      })
      .send(html);
  });

  app.get<{ Params: { name: string } }>(
    `${PLAYGROUND_ASSETS_PATH}/:name`,
    (request, reply) => {
      const { name } = request.params;
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset) {
        reply.callNotFound();
        return reply;
      }
      let body = loaded.get(name);
      if (!body) {
        body = readFileSync(asset.path());
        loaded.set(name, body);
      }
      return reply
        .headers({
          'content-type': asset.type,
          'x-content-type-options': 'nosniff',
          'cache-control': 'public, max-age=3600',
        })
        .send(body);
    },
  );
}
