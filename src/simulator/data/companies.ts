/** The workspace's companies, which contacts belong to. */
import type { IntercomTag } from '../../intercom/models.js';
import { DAY_SECONDS } from '../time.js';
import { COMPANY_PLANS, INDUSTRIES } from './catalog.js';
import type { GenerationContext } from './context.js';
import type { SimulatedApp, SimulatedCompany } from './types.js';

export function generateCompanies(
  ctx: GenerationContext,
  app: SimulatedApp,
  tags: readonly IntercomTag[],
): SimulatedCompany[] {
  const random = ctx.random('companies');
  const faker = ctx.faker('companies');
  const count = random.int(24, 40);
  const ids = new Set<string>();

  const companies: SimulatedCompany[] = [];
  for (let i = 0; i < count; i++) {
    // Intercom's company ids are 24 hex digits, like its contact ids.
    let id = random.hex(24);
    while (ids.has(id)) id = random.hex(24);
    ids.add(id);

    const name = faker.company.name();
    const createdAt = ctx.now - random.int(60, 720) * DAY_SECONDS;
    const [planId, planName] = random.pick(COMPANY_PLANS);
    const slug = faker.helpers.slugify(name.split(/[ ,]/)[0] ?? 'company');
    companies.push({
      type: 'company',
      id,
      name,
      company_id: `acct-${10_000 + i * 7}`,
      app_id: app.id_code,
      plan: { type: 'plan', id: planId, name: planName },
      // remote_created_at is when the customer's own system created it.
      remote_created_at: createdAt - random.int(0, 400) * DAY_SECONDS,
      created_at: createdAt,
      updated_at: createdAt + random.int(0, 50) * DAY_SECONDS,
      last_request_at: ctx.now - random.int(0, 59) * DAY_SECONDS,
      size: random.pick([5, 12, 40, 85, 250, 1200, 5000]),
      website: `https://www.${slug.toLowerCase()}.example`,
      industry: random.pick(INDUSTRIES),
      monthly_spend: random.int(0, 40) * 25,
      session_count: random.int(0, 5000),
      user_count: 0,
      // The description types company custom attribute values as strings.
      custom_attributes: {
        account_tier: random.pick(['bronze', 'silver', 'gold']),
        renewal_quarter: `Q${random.int(1, 4)}`,
      },
      tags: {
        type: 'tag.list',
        tags: random
          .sample(tags, random.int(0, 2))
          .map((tag) => ({ type: 'tag', id: tag.id, name: tag.name })),
      },
      segments: { type: 'segment.list', segments: [] },
    });
  }
  return companies;
}
