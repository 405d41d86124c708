/**
 * Intercom's bots in a workspace: Operator, which routes and assigns new
 * conversations, and Fin, the AI agent. Their parts carry their own ids,
 * distinct from every admin's, so a part's author can always be told apart.
 */
import type { GenerationContext } from './context.js';
import type { SimulatedAdmin, SimulatedApp, SimulatedBot } from './types.js';

export function generateBots(
  ctx: GenerationContext,
  app: SimulatedApp,
  admins: readonly SimulatedAdmin[],
): SimulatedBot[] {
  const random = ctx.random('bots');
  const taken = new Set(admins.map((admin) => admin.id));
  const freshId = () => {
    let id = String(random.int(5_100_000, 9_899_999));
    while (taken.has(id)) id = String(random.int(5_100_000, 9_899_999));
    taken.add(id);
    return id;
  };
  return [
    {
      type: 'bot',
      id: freshId(),
      name: 'Operator',
      email: `operator+${app.id_code}@intercom.io`,
    },
    {
      type: 'bot',
      id: freshId(),
      name: 'Fin',
      email: `fin+${app.id_code}@intercom.io`,
    },
  ];
}
