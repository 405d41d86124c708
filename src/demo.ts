/**
 * `npm run demo`: the built-in Intercom simulator for the three regions and
 * the gateway in front of it, on loopback, with one connection per region.
 */
import { parseConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { ListenError, startGateway } from './server/gateway.js';
import { startSimulator } from './simulator/index.js';

const simulator = await startSimulator();
const { us, eu, au } = simulator.regions;

// The demo's configuration goes through the same parsing as an operator's
// file; the simulator's tokens come in as environment variables.
const config = parseConfig(
  `
listen: { host: 127.0.0.1, port: 4000 }
regions: { us: "${us.url}", eu: "${eu.url}", au: "${au.url}" }
connections:
  - { id: demo-us, region: us, token: "\${DEMO_US_TOKEN}" }
  - { id: demo-eu, region: eu, token: "\${DEMO_EU_TOKEN}" }
  - { id: demo-au, region: au, token: "\${DEMO_AU_TOKEN}" }
`,
  {
    ...process.env,
    DEMO_US_TOKEN: us.token,
    DEMO_EU_TOKEN: eu.token,
    DEMO_AU_TOKEN: au.token,
  },
  'demo configuration',
);

const logger = createLogger(config.logLevel);
const gateway = await startGateway(config, logger).catch(
  async (error: unknown) => {
    await simulator.close();
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

Gateway playground: ${gateway.url}/graphql
Connections: demo-us, demo-eu, demo-au

Try:
  curl -s ${gateway.url}/graphql -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: example.replace(/\s+/g, ' ') })}'

Press Ctrl+C to stop.
`);

const stop = () => {
  void gateway
    .close()
    .then(() => simulator.close())
    .then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
