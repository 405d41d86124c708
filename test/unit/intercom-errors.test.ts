import { describe, expect, it } from 'vitest';
import { errorFromAnswer } from '../../src/intercom/errors.js';

function body(code: string, message?: string) {
  return {
    type: 'error.list',
    request_id: '2f0b7e42-1d8a-4d1b-9f7e-0c3b8d5a6e11',
    errors: [{ code, ...(message ? { message } : {}) }],
  };
}

describe('errorFromAnswer', () => {
  it.each([
    [401, 'unauthorized', 'INTERCOM_UNAUTHORIZED', /rejected the token/],
    [401, 'token_not_found', 'INTERCOM_UNAUTHORIZED', /rejected the token/],
    [401, 'token_revoked', 'INTERCOM_UNAUTHORIZED', /has been revoked/],
    [401, 'token_expired', 'INTERCOM_UNAUTHORIZED', /has expired/],
    [403, 'api_plan_restricted', 'FORBIDDEN', /plan .* does not include/],
    [403, 'forbidden', 'FORBIDDEN', /lacks the Intercom permission/],
    [404, 'not_found', 'NOT_FOUND', /no such record/],
    [404, 'team_not_found', 'NOT_FOUND', /no such record/],
    [404, 'company_not_found', 'NOT_FOUND', /no such record/],
    [410, 'contact_merged', 'NOT_FOUND', /no such record/],
    [400, 'parameter_invalid', 'BAD_USER_INPUT', /refused the request/],
    [429, 'rate_limit_exceeded', 'RATE_LIMITED', /rate limit/],
    [500, 'server_error', 'UPSTREAM_UNAVAILABLE', /failed to answer/],
    [503, 'service_unavailable', 'UPSTREAM_UNAVAILABLE', /failed to answer/],
  ])('maps %i %s to %s', (status, intercomCode, code, wording) => {
    const error = errorFromAnswer('acme', status, body(intercomCode, 'why'));

    expect(error).toMatchObject({
      code,
      status,
      intercomCode,
      connectionId: 'acme',
      requestId: '2f0b7e42-1d8a-4d1b-9f7e-0c3b8d5a6e11',
    });
    expect(error.message).toMatch(wording);
    expect(error.message).toContain(`${intercomCode}: why`);
  });

  it('maps by status when the body is empty or not Intercom’s', () => {
    expect(errorFromAnswer('acme', 401, undefined).code).toBe(
      'INTERCOM_UNAUTHORIZED',
    );
    expect(errorFromAnswer('acme', 502, '<html>').code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
  });

  it('reads when a 429 ends from the reset header, and assumes a window without one', () => {
    const resetAt = Math.floor(Date.now() / 1000) + 7;

    const named = errorFromAnswer('acme', 429, body('rate_limit_exceeded'), {
      limits: { resetAt },
    });
    const unnamed = errorFromAnswer('acme', 429, body('rate_limit_exceeded'));

    expect(named.retryAfterSeconds).toBeGreaterThanOrEqual(6);
    expect(named.retryAfterSeconds).toBeLessThanOrEqual(7);
    expect(named.resetKnown).toBe(true);
    expect(unnamed.retryAfterSeconds).toBe(10);
    expect(unnamed.resetKnown).toBe(false);
  });

  it('takes a merged contact’s survivor from the Link header', () => {
    const error = errorFromAnswer('acme', 410, body('contact_merged'), {
      link: '</contacts/6762f0d01bb69f9f2193bb7d>; rel="canonical"',
    });

    expect(error.mergedInto).toBe('6762f0d01bb69f9f2193bb7d');
  });
});
