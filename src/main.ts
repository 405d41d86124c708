/**
 * `npm start`: runs the gateway with the YAML configuration that
 * GATEWAY_CONFIG names.
 */
import { ConfigError, formatConfigError, loadConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { ListenError, startGateway } from './server/gateway.js';
import { StoreOpenError } from './store/connection-store.js';

/** Exit status for a configuration the gateway cannot run with. */
const EXIT_BAD_CONFIG = 78;

async function main(): Promise<void> {
  const path = process.env.GATEWAY_CONFIG;
  if (!path) {
    process.stderr.write(
      'GATEWAY_CONFIG is not set: expected the path of the YAML configuration file, such as GATEWAY_CONFIG=config.yaml npm start.\n',
    );
    process.exit(EXIT_BAD_CONFIG);
  }

  let config;
  try {
    config = await loadConfig(path, process.env);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${formatConfigError(error)}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }

  const logger = createLogger(config.logLevel);
  let gateway;
  try {
    gateway = await startGateway(config, logger);
  } catch (error: unknown) {
    // A store that cannot be opened is a configuration to fix, like a
    // wrong value in the file: its message names the key.
    if (error instanceof StoreOpenError) {
      process.stderr.write(`${path}: ${error.message}\n`);
      process.exit(EXIT_BAD_CONFIG);
    }
    if (!(error instanceof ListenError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  // Stop taking requests first, then let those in flight finish, then
  // close the cache and sockets: the order a load balancer expects.
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

await main();
