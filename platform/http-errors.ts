/**
 * One answer for request-body errors (body-parser's: malformed JSON, too
 * large, bad encoding), wherever a body is parsed: the admin API, http-in
 * routes and the WhatsApp webhook.
 */
export interface ErrorAnswer {
  status: number;
  body: { error: string; message: string };
}

/** The 4xx answer for a body error, or null when the error is not the client's. */
export function bodyErrorAnswer(err: unknown): ErrorAnswer | null {
  const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; message?: string };
  if (e.type === 'entity.parse.failed') return { status: 400, body: { error: 'malformed_json', message: `request body is not valid JSON: ${e.message}` } };
  const status = e.status ?? e.statusCode;
  if (status && status >= 400 && status < 500) return { status, body: { error: e.type ?? 'bad_request', message: e.message ?? 'bad request' } };
  return null;
}
