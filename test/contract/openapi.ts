/**
 * Validates simulator answers against the response schemas of Intercom's
 * OpenAPI description (version 2.16), read from ../shared at run time, and
 * hands out its operations and schemas for checking the gateway's requests.
 * OpenAPI 3.0 schemas become JSON Schema with
 * @openapi-contrib/openapi-schema-to-json-schema and are checked by Ajv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { parse } from 'yaml';

/**
 * Where the description lives: ../shared beside the project root, unless
 * INTERCOM_OPENAPI_FILE names another copy (a clone kept elsewhere).
 */
export const OPENAPI_FILE =
  process.env.INTERCOM_OPENAPI_FILE ??
  fileURLToPath(
    new URL(
      '../../../shared/intercom-openapi/api.intercom.io.yaml',
      import.meta.url,
    ),
  );

export const openapiAvailable = existsSync(OPENAPI_FILE);

type Json = Record<string, unknown>;

/** A parameter as the description declares it (none uses `$ref`). */
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: object }>;
  };
  responses?: Record<
    string,
    { content?: Record<string, { schema?: unknown }> } | undefined
  >;
}

/** The operation a request was sent to, found by method and path. */
export interface MatchedOperation {
  /** "GET /contacts/{contact_id}". */
  label: string;
  operation: Operation;
  /** Each path parameter's value, decoded, under the template's name. */
  pathValues: Record<string, string>;
}

export interface Verdict {
  /** "GET /contacts/{contact_id} 200", or how the answer was matched. */
  operation: string;
  errors: string[];
}

const ROOT_ID = 'https://intercom.simulator.test/openapi-2.16.json';
const COMPONENT_REF = '#/components/schemas/';

/**
 * Converts OpenAPI 3.0 to JSON Schema and points component references at
 * the root schema that holds every component under `definitions`.
 */
function toJsonSchema(schema: unknown, refPrefix: string): Json {
  const converted = openapiSchemaToJsonSchema(schema as Json) as Json;
  delete converted.$schema;
  return JSON.parse(JSON.stringify(converted), (key, value: unknown) =>
    key === '$ref' &&
    typeof value === 'string' &&
    value.startsWith(COMPONENT_REF)
      ? refPrefix + value.slice(COMPONENT_REF.length)
      : value,
  ) as Json;
}

/** Every `x-...` extension keyword the description uses. */
function extensionKeywords(node: unknown, found = new Set<string>()) {
  if (typeof node !== 'object' || node === null) return found;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) found.add(key);
    extensionKeywords(value, found);
  }
  return found;
}

export function formatErrors(
  errors: readonly ErrorObject[] | null | undefined,
) {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

export class OpenApiResponses {
  readonly #doc: { paths: Record<string, Record<string, Operation>> };
  readonly #ajv: Ajv;
  readonly #errorSchema: ValidateFunction;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #compiledSchemas = new WeakMap<object, ValidateFunction>();
  readonly #templates: {
    template: string;
    pattern: RegExp;
    params: string[];
  }[];

  constructor(file = OPENAPI_FILE) {
    const doc = parse(readFileSync(file, 'utf8')) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown> };
    };
    this.#doc = doc;

    const definitions = Object.fromEntries(
      Object.entries(doc.components.schemas).map(([name, schema]) => [
        name,
        toJsonSchema(schema, '#/definitions/'),
      ]),
    );
    this.#ajv = new Ajv({
      allErrors: true,
      // The description's schemas use union types (from `nullable`) and
      // formats on integers (`date-time` on Unix times); neither loosens
      // validation, so Ajv's lint of schema style is turned off for them.
      allowUnionTypes: true,
      strictTypes: false,
    });
    formatsPlugin.default(this.#ajv);
    // Intercom's description marks relative paths ("/contacts/1/tags") and
    // even the `type` of addressable lists ("tag") as `format: uri`, while
    // Intercom sends exactly such values. `uri` is therefore checked as a
    // URI reference, which accepts them and still refuses malformed text.
    this.#ajv.addFormat('uri', fullFormats['uri-reference']);
    // Not a JSON Schema format: the description puts it on Unix times.
    this.#ajv.addFormat('timestamp', {
      type: 'number',
      validate: (value: number) => Number.isInteger(value) && value >= 0,
    });
    this.#ajv.addVocabulary([...extensionKeywords(doc)]);
    this.#ajv.addSchema({ $id: ROOT_ID, definitions });
    this.#errorSchema = this.#ajv.compile({
      $ref: `${ROOT_ID}#/definitions/error`,
    });

    // Literal segments win over parameters (/contacts/search over
    // /contacts/{contact_id}), so templates are tried fewest-parameters first.
    this.#templates = Object.keys(doc.paths)
      .map((template) => {
        const source = template
          .split('/')
          .map((part) =>
            /^\{.+\}$/.test(part)
              ? '([^/]+)'
              : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
          )
          .join('/');
        return {
          template,
          pattern: new RegExp(`^${source}$`),
          params: [...template.matchAll(/\{(.+?)\}/g)].map((m) => m[1] ?? ''),
        };
      })
      .sort((a, b) => a.params.length - b.params.length);
  }

  /** The operation of a method on a concrete path, if there is one. */
  operation(method: string, path: string): MatchedOperation | undefined {
    const matched = this.#template(path);
    if (matched === undefined) return undefined;
    const { template, values } = matched;
    const operation = this.#doc.paths[template]?.[method.toLowerCase()];
    if (operation === undefined) return undefined;
    return {
      label: `${method.toUpperCase()} ${template}`,
      operation,
      pathValues: values,
    };
  }

  /** The first template a path fits, with its parameters' values. */
  #template(path: string) {
    for (const { template, pattern, params } of this.#templates) {
      const found = pattern.exec(path);
      if (found === null) continue;
      const values = Object.fromEntries(
        params.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return { template, values };
    }
    return undefined;
  }

  /**
   * A validator for one schema written as the description writes them
   * (OpenAPI 3.0, component references included), compiled once.
   */
  schema(schema: object): ValidateFunction {
    let validate = this.#compiledSchemas.get(schema);
    if (validate === undefined) {
      validate = this.#ajv.compile(
        toJsonSchema(schema, `${ROOT_ID}#/definitions/`),
      );
      this.#compiledSchemas.set(schema, validate);
    }
    return validate;
  }

  /** Checks one answer against the schema of its operation and status. */
  validate(
    method: string,
    path: string,
    status: number,
    body: unknown,
  ): Verdict {
    const template = this.#template(path)?.template;
    const operation =
      template === undefined
        ? undefined
        : this.#doc.paths[template]?.[method.toLowerCase()];
    const label = `${method} ${template ?? path} ${status}`;
    const schema =
      operation?.responses?.[String(status)]?.content?.['application/json']
        ?.schema;

    if (schema === undefined) {
      // Statuses an operation does not list (404 on GET /contacts/{id},
      // 400 on a bad cursor, unknown routes) still send Intercom's error.
      if (status >= 400) {
        const valid = this.#errorSchema(body);
        return {
          operation: `${label} (error component)`,
          errors: valid ? [] : formatErrors(this.#errorSchema.errors),
        };
      }
      return {
        operation: label,
        errors: [`the description lists no JSON answer for ${label}`],
      };
    }

    let validate = this.#compiled.get(label);
    if (validate === undefined) {
      validate = this.#ajv.compile(
        toJsonSchema(schema, `${ROOT_ID}#/definitions/`),
      );
      this.#compiled.set(label, validate);
    }
    return {
      operation: label,
      errors: validate(body) ? [] : formatErrors(validate.errors),
    };
  }
}
