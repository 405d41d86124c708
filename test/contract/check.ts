/**
 * Fetches simulator answers and validates them against the description,
 * collecting every violation so one run reports them all.
 */
import type { SimulatedRegion } from '../../src/simulator/index.js';
import { call, type CallOptions, type SearchPage } from '../simulator/http.js';
import type { OpenApiResponses } from './openapi.js';

export type Request = readonly [string, CallOptions?];

export interface Checker {
  /** Fetches, validates, and returns the answer plus any violations. */
  check: (
    region: SimulatedRegion,
    path: string,
    options?: CallOptions,
  ) => Promise<{
    answer: Awaited<ReturnType<typeof call<SearchPage>>>;
    problems: string[];
  }>;
  /**
   * Checks many paths at once and returns every violation found,
   * counting an answer with another status than `expectedStatus` as one.
   */
  checkAll: (
    region: SimulatedRegion,
    requests: readonly Request[],
    expectedStatus: number,
  ) => Promise<string[]>;
}

export function checker(openapi: () => OpenApiResponses): Checker {
  async function check(
    region: SimulatedRegion,
    path: string,
    options: CallOptions = {},
  ) {
    const answer = await call<SearchPage>(region, path, options);
    const method =
      options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const verdict = openapi().validate(
      method,
      path.split('?')[0] ?? path,
      answer.status,
      answer.body,
    );
    return {
      answer,
      problems: verdict.errors.map(
        (error) => `${region.region} ${verdict.operation} ${path}: ${error}`,
      ),
    };
  }

  async function checkAll(
    region: SimulatedRegion,
    requests: readonly Request[],
    expectedStatus: number,
  ): Promise<string[]> {
    const results = await Promise.all(
      requests.map(([path, options]) => check(region, path, options)),
    );
    return results.flatMap(({ answer, problems }, i) =>
      answer.status === expectedStatus
        ? problems
        : [
            `${requests[i]?.[0] ?? '?'} answered ${answer.status}, not ${expectedStatus}`,
          ],
    );
  }

  return { check, checkAll };
}
