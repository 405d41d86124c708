/**
 * `npx tsx bench/profile.ts [query] [cached|uncached] [runs]`: writes a
 * CPU profile of a gateway process answering one benchmark query over and
 * over at 0 ms upstream latency, and prints the functions that took the
 * most time of their own. Open the .cpuprofile in Chrome's DevTools for
 * the whole picture.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/simulator/index.js';
import { startGatewayProcess, type GatewayMode } from './gateway-process.js';
import { BENCH_QUERIES } from './queries.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [name = 'Q1', mode = 'cached', count = '2000'] = process.argv.slice(2);
const bench = BENCH_QUERIES.find((query) => query.name === name);
if (!bench) throw new Error(`no benchmark query ${name}`);

const dir = await mkdtemp(join(tmpdir(), 'gateway-profile-'));
const simulator = await startSimulator({ rateLimitPerWindow: 1_000_000 });
const gateway = await startGatewayProcess(simulator, mode as GatewayMode, {
  profileDir: dir,
});
const data = simulator.regions.eu.workspace;
for (let i = 0; i < Number(count); i += 1) {
  await bench.run(gateway.send, 'acme-eu', data);
}
await gateway.stop();
await simulator.close();

const [file] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
  nodes: ProfileNode[];
};
const self = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  self.set(where, (self.get(where) ?? 0) + hits);
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
process.stdout.write(`${join(dir, file)}\n`);
for (const [where, hits] of top) {
  process.stdout.write(
    `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${where}\n`,
  );
}
