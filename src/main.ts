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
  const starting = startGateway(config, logger);

  // Stop taking requests first, then let those in flight finish, then
  // close the cache and sockets: the order a load balancer expects. A
  // signal during start-up stops the gateway once it has started (the
  // gateway serves before its start-up checks end); a second signal
  // changes nothing, as requests in flight end within
  // intercom.deadlineMs, and so does the close.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    starting.then(
      (gateway) =>
        gateway.close().then(
          () => {
            logger.info('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        ),
      // A gateway that failed to start is reported below.
      () => undefined,
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    await starting;
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
}

await main();
