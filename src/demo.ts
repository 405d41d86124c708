/**
 * `npm run demo`: the built-in Intercom simulator for the three regions and
 * the gateway in front of it, on loopback, with one connection per region.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, formatConfigError, parseConfig } from './config/index.js';
import { REGIONS } from './intercom/regions.js';
import { createLogger } from './logger.js';
import { ListenError, startGateway } from './server/gateway.js';
import { startSimulator, type TokenVariant } from './simulator/index.js';

const simulator = await startSimulator();
const { us, eu, au } = simulator.regions;

/**
 * The demo's callers. Their keys are fixed so the README's examples work;
 * they are only ever accepted on loopback, by this demo.
 */
const KEYS = {
  admin: 'demo-admin-key-0000000000000000',
  analyst: 'demo-analyst-key-000000000000000',
};

/** What each of the simulator's tokens gets, for the banner. */
const TOKEN_USES: Record<TokenVariant, string> = {
  valid: 'reads everything: ACTIVE',
  revoked: 'revoked: INVALID_TOKEN',
  expired: 'expired: INVALID_TOKEN',
  noParts: "may not read a conversation's parts: MISSING_SCOPE",
  planRestricted: 'a plan without conversations: MISSING_SCOPE',
  noIpAllowlist: 'may not read the IP allowlist: ACTIVE',
};

// Connections added in the demo live in a store of its own, under a key
// made for this run, and go with it.
const storeDir = mkdtempSync(join(tmpdir(), 'intercom-gateway-demo-'));
const removeStore = () => {
  rmSync(storeDir, { recursive: true, force: true });
};

/** Ends a demo that could not start, leaving nothing behind. */
async function giveUp(message: string, status: number): Promise<never> {
  await simulator.close();
  removeStore();
  process.stderr.write(`${message}\n`);
  process.exit(status);
}

// The demo's configuration goes through the same parsing as an operator's
// file; the simulator's tokens and the keys come in as environment
// variables.
let config;
try {
  config = parseConfig(
    `
listen: { host: 127.0.0.1, port: 4000 }
regions: { us: "${us.url}", eu: "${eu.url}", au: "${au.url}" }
connections:
  - { id: demo-us, region: us, token: "\${DEMO_US_TOKEN}" }
  - { id: demo-eu, region: eu, token: "\${DEMO_EU_TOKEN}" }
  - { id: demo-au, region: au, token: "\${DEMO_AU_TOKEN}" }
clients:
  - name: demo-admin
    key: "\${DEMO_ADMIN_KEY}"
    connections: ["*"]
    pii: reveal
    admin: true
  - name: demo-analyst
    key: "\${DEMO_ANALYST_KEY}"
    connections: [demo-eu]
    pii: mask
store:
  path: "${join(storeDir, 'connections.db')}"
  encryptionKey: "\${DEMO_STORE_KEY}"
`,
    {
      ...process.env,
      DEMO_US_TOKEN: us.token,
      DEMO_EU_TOKEN: eu.token,
      DEMO_AU_TOKEN: au.token,
      DEMO_ADMIN_KEY: KEYS.admin,
      DEMO_ANALYST_KEY: KEYS.analyst,
      DEMO_STORE_KEY: randomBytes(32).toString('base64'),
    },
    'demo configuration',
  );
} catch (error: unknown) {
  // PORT or LOG_LEVEL from the environment can be wrong.
  if (!(error instanceof ConfigError)) throw error;
  config = await giveUp(formatConfigError(error), 78);
}

const logger = createLogger(config.logLevel);
const starting = startGateway(config, logger);

// Stop taking requests, let those in flight finish, close the gateway and
// the simulator, and remove the store of connections added here. Signals
// are handled from here on, so Ctrl+C while the gateway starts cleans up
// too; a second signal changes nothing, it is already going.
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  starting
    // A gateway that failed to start is reported where it is awaited.
    .then(
      (running) => running.close(),
      () => undefined,
    )
    .then(() => simulator.close())
    .then(
      () => {
        removeStore();
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        removeStore();
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const gateway = await starting.catch(async (error: unknown) => {
  if (!(error instanceof ListenError)) {
    await simulator.close();
    removeStore();
    throw error;
  }
  return giveUp(error.message, 1);
});

const example = `{
  connections {
    id region status
    workspace {
      name
      conversations(first: 3) {
        nodes { id state adminAssignee { name } tags { name } contacts { name email } }
      }
    }
  }
}`;

// The simulator's tokens are fake and only it accepts them, so unlike a
// real token they may be printed: the banner goes to stdout, not to the
// logger, which would redact them.
const tokens = REGIONS.flatMap((region) =>
  Object.entries(simulator.regions[region].tokens).map(([variant, token]) => ({
    region,
    variant: variant as TokenVariant,
    token,
  })),
);
const tokenWidth = Math.max(...tokens.map(({ token }) => token.length));
const tokenLines = tokens.map(
  ({ region, variant, token }) =>
    `  ${region.toUpperCase()} ${variant.padEnd(15)} ${token.padEnd(tokenWidth)}  ${TOKEN_USES[variant]}`,
);
const testToken = {
  query:
    'mutation Test($token: String!) { testIntercomToken(region: EU, token: $token) { status message missingScopes workspaceName } }',
  variables: { token: eu.tokens.noParts },
};

process.stdout.write(`
Intercom simulator (seeded, deterministic):
  US ${us.url}   EU ${eu.url}   AU ${au.url}

Gateway: ${gateway.url}/graphql
Playground: open that URL in a browser and paste a key (works offline)
Connections: demo-us, demo-eu, demo-au

Callers (send as Authorization: Bearer <key>):
  demo-admin    ${KEYS.admin}   every connection, personal data shown, may add connections
  demo-analyst  ${KEYS.analyst}  demo-eu only, personal data masked

Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${KEYS.analyst}' \\
    -d '${JSON.stringify({ query: example.replace(/\s+/g, ' ') })}'

Simulator tokens, for testIntercomToken and addConnection as demo-admin
(fake: only this simulator accepts them; the same on every run):
${tokenLines.join('\n')}

Test one (pass tokens as variables, never inline in the query):
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${KEYS.admin}' \\
    -d '${JSON.stringify(testToken)}'

Press Ctrl+C to stop.
`);
