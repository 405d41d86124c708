/** Intercom's error answers (`error.list`), raised anywhere in a handler. */

/** A failure to answer with Intercom's error body and this status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The parameter or body field at fault, when there is one. */
    readonly field?: string,
    /** Headers the answer carries besides the usual ones (`Link`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  type: 'error.list';
  request_id: string;
  errors: { code: string; message: string; field?: string }[];
}

export function errorBody(requestId: string, error: ApiError): ErrorBody {
  return {
    type: 'error.list',
    request_id: requestId,
    errors: [
      {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    ],
  };
}

export function invalidParameter(message: string, field?: string): ApiError {
  return new ApiError(400, 'parameter_invalid', message, field);
}
