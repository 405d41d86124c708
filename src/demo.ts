/**
 * `npm run demo`: the built-in Intercom simulator for the three regions and
 * the gateway in front of it, on loopback, with one connection per region.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { ListenError, startGateway } from './server/gateway.js';
import { startSimulator } from './simulator/index.js';

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

// Connections added in the demo live in a store of its own, under a key
// made for this run, and go with it.
const storeDir = mkdtempSync(join(tmpdir(), 'intercom-gateway-demo-'));

// The demo's configuration goes through the same parsing as an operator's
// file; the simulator's tokens and the keys come in as environment
// variables.
const config = parseConfig(
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

const logger = createLogger(config.logLevel);
const gateway = await startGateway(config, logger).catch(
  async (error: unknown) => {
    await simulator.close();
    rmSync(storeDir, { recursive: true, force: true });
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);

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

process.stdout.write(`
Intercom simulator (seeded, deterministic):
  US ${us.url}   EU ${eu.url}   AU ${au.url}

Gateway: ${gateway.url}/graphql
Connections: demo-us, demo-eu, demo-au

Callers (send as Authorization: Bearer <key>):
  demo-admin    ${KEYS.admin}   every connection, personal data shown, may add connections
  demo-analyst  ${KEYS.analyst}  demo-eu only, personal data masked

Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${KEYS.analyst}' \\
    -d '${JSON.stringify({ query: example.replace(/\s+/g, ' ') })}'

Press Ctrl+C to stop.
`);

const stop = () => {
  void gateway
    .close()
    .then(() => simulator.close())
    .then(() => {
      rmSync(storeDir, { recursive: true, force: true });
      process.exit(0);
    });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
