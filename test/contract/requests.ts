/**
 * Checks one request the gateway sent Intercom against the operation
 * Intercom's OpenAPI description (2.16) declares for its method and path:
 * query and path parameters, the JSON body, the `Intercom-Version` and
 * `Accept` headers. The description's known gaps are allowed here, and
 * only here.
 */
import type { SimulatorCall } from '../../src/simulator/index.js';
import {
  formatErrors,
  type OpenApiResponses,
  type Parameter,
} from './openapi.js';

/**
 * The one place where this suite accepts what the description does not
 * declare. GET /contacts and GET /admins/activity_logs both answer with
 * `cursor_pages`, whose `next.starting_after` is the cursor of the next
 * page, and the text of GET /contacts refers readers to Intercom's
 * pagination guide for `starting_after`; yet neither operation lists
 * `per_page` or `starting_after` among its query parameters, as GET
 * /conversations does. Without them no client could read past the first
 * page of either list. They are allowed on exactly these two operations
 * and checked as strictly as declared ones: at most 150 contacts a page
 * (Intercom's largest page, which GET /conversations declares), at most
 * 250 log entries (the bound the description gives the search of the
 * same log), and a cursor that is not empty.
 */
export const UNDECLARED_PARAMETERS: Readonly<
  Record<string, readonly Parameter[]>
> = {
  'GET /contacts': [
    {
      name: 'per_page',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 150 },
    },
    {
      name: 'starting_after',
      in: 'query',
      schema: { type: 'string', minLength: 1 },
    },
  ],
  'GET /admins/activity_logs': [
    {
      name: 'per_page',
      in: 'query',
      schema: { type: 'integer', minimum: 1, maximum: 250 },
    },
    {
      name: 'starting_after',
      in: 'query',
      schema: { type: 'string', minLength: 1 },
    },
  ],
};

const INTERCOM_VERSION = { $ref: '#/components/schemas/intercom_version' };

/** What the simulator logged of one request, as far as this suite reads. */
export type SentRequest = Pick<
  SimulatorCall,
  'method' | 'path' | 'query' | 'body' | 'intercomVersion' | 'accept'
>;

/**
 * Query and path values travel as text; each is read as the type its
 * parameter declares. Text that does not look like that type stays text,
 * so the schema refuses it instead of a lenient conversion hiding it.
 */
function coerce(value: string, schema: unknown): unknown {
  const { type } = schema as { type?: unknown };
  if (type === 'integer' && /^-?\d+$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) {
    return value === 'true';
  }
  return value;
}

/** Every way one request departs from its operation, as sentences. */
export function requestProblems(
  openapi: OpenApiResponses,
  sent: SentRequest,
): string[] {
  const query = new URLSearchParams(sent.query).toString();
  const request = `${sent.method} ${sent.path}${query ? `?${query}` : ''}`;
  const matched = openapi.operation(sent.method, sent.path);
  if (matched === undefined) {
    return [`${request}: the description has no such operation`];
  }
  const { label, operation, pathValues } = matched;
  const problems: string[] = [];
  const fail = (problem: string) =>
    problems.push(`${request} (${label}): ${problem}`);
  const parameters = [
    ...(operation.parameters ?? []),
    ...(UNDECLARED_PARAMETERS[label] ?? []),
  ];

  // Nothing in the query string that the operation does not declare.
  const declared = parameters
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
  for (const [name, value] of Object.entries(sent.query)) {
    if (!declared.includes(name)) {
      fail(
        `query parameter ${name}=${value} is not declared (declared: ${declared.join(', ') || 'none'})`,
      );
    }
  }

  // Each declared parameter: present if required, valid if sent. The
  // version header is checked below, sent or not; the log keeps no other
  // header, so a required one would count as missing.
  const values: Record<Parameter['in'], Record<string, string>> = {
    path: pathValues,
    query: sent.query,
    header: {},
    cookie: {},
  };
  for (const parameter of parameters) {
    if (
      parameter.in === 'header' &&
      /^intercom-version$/i.test(parameter.name)
    ) {
      continue;
    }
    const value = values[parameter.in][parameter.name];
    const where = `${parameter.in} parameter ${parameter.name}`;
    if (value === undefined) {
      if (parameter.required) fail(`required ${where} is missing`);
      continue;
    }
    if (parameter.schema === undefined) continue;
    const validate = openapi.schema(parameter.schema);
    if (!validate(coerce(value, parameter.schema))) {
      fail(
        `${where}=${JSON.stringify(value)}: ${formatErrors(validate.errors).join('; ')}`,
      );
    }
  }

  // The gateway pins the version, so every answer has the shape it was
  // written for; without the header Intercom would use the workspace's.
  const version = openapi.schema(INTERCOM_VERSION);
  if (sent.intercomVersion === null) {
    fail('no Intercom-Version header');
  } else if (!version(sent.intercomVersion)) {
    fail(
      `Intercom-Version ${JSON.stringify(sent.intercomVersion)}: ${formatErrors(version.errors).join('; ')}`,
    );
  }
  if (sent.accept !== 'application/json') {
    fail(`expected Accept: application/json, got ${String(sent.accept)}`);
  }

  // The body, against the operation's JSON request body.
  const body = operation.requestBody;
  const bodySchema = body?.content?.['application/json']?.schema;
  if (sent.body === undefined) {
    if (body?.required) fail('no JSON body, which the operation requires');
  } else if (bodySchema === undefined) {
    fail('a JSON body, which the operation does not take');
  } else {
    const validate = openapi.schema(bodySchema);
    if (!validate(sent.body)) {
      fail(
        `body ${JSON.stringify(sent.body)}: ${formatErrors(validate.errors).join('; ')}`,
      );
    }
  }
  return problems;
}
