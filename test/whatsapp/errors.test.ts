import {
  GraphApiError,
  graphErrorBody,
  graphErrorDetail,
  graphErrorFromResponse,
  graphErrorInfo,
  MessageLimitError,
} from '../../platform/whatsapp/errors';

describe('graph error table', () => {
  it.each([1, 2, 4, 80007, 130429, 131000, 131016, 131057])('code %i is retryable', (code) => {
    expect(new GraphApiError({ message: '', code, httpStatus: 400 }).retryable).toBe(true);
  });

  it.each([0, 3, 10, 100, 190, 200, 250, 299, 368, 131005, 131008, 131009, 131021, 131026, 131031, 131047, 131048, 131051, 131056, 132000, 132001, 132012, 132015, 133010])(
    'code %i is not retryable',
    (code) => {
      expect(new GraphApiError({ message: '', code, httpStatus: graphErrorInfo(code)!.httpStatus }).retryable).toBe(false);
    },
  );

  it('unknown codes are retryable only on 5xx', () => {
    expect(new GraphApiError({ message: '', code: 999999, httpStatus: 503 }).retryable).toBe(true);
    expect(new GraphApiError({ message: '', code: 999999, httpStatus: 400 }).retryable).toBe(false);
  });

  it('carries the HTTP statuses of Meta table', () => {
    expect(graphErrorInfo(132001)?.httpStatus).toBe(404);
    expect(graphErrorInfo(190)?.httpStatus).toBe(401);
    expect(graphErrorInfo(131057)?.httpStatus).toBe(500);
    expect(graphErrorInfo(2)?.httpStatus).toBe(503);
    expect(graphErrorInfo(230)).toEqual({ title: 'API Permission', httpStatus: 403, retry: 'no' });
    expect(graphErrorInfo(130429)?.retry).toBe('throttle');
    expect(graphErrorInfo(424242)).toBeUndefined();
  });
});

describe('graphErrorBody / graphErrorDetail', () => {
  it("builds Meta's error response", () => {
    expect(graphErrorBody(130429, 'Message failed to send because there were too many messages sent from this phone number in a short period of time', 'AbCdEf123')).toEqual({
      status: 400,
      body: {
        error: {
          message: '(#130429) Rate limit hit',
          type: 'OAuthException',
          code: 130429,
          error_data: {
            messaging_product: 'whatsapp',
            details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
          },
          fbtrace_id: 'AbCdEf123',
        },
      },
    });
  });

  it('generates an fbtrace_id and defaults details to the title', () => {
    const { status, body } = graphErrorBody(132001);
    expect(status).toBe(404);
    expect(body.error.fbtrace_id).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(body.error.error_data?.details).toBe('Template does not exist');
  });

  it('round-trips through graphErrorFromResponse', () => {
    const { status, body } = graphErrorBody(131047, 'more than 24 hours', 'trace1');
    const error = graphErrorFromResponse(status, body);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 131047, httpStatus: 400, details: 'more than 24 hours', fbtraceId: 'trace1', type: 'OAuthException', message: '(#131047) Re-engagement message' });
    expect(error.retryable).toBe(false);
  });

  it('builds the webhook errors[] form', () => {
    expect(graphErrorDetail(131047, 'more than 24 hours')).toEqual({
      code: 131047,
      title: 'Re-engagement message',
      message: 'Re-engagement message',
      error_data: { details: 'more than 24 hours' },
      href: '/docs/whatsapp/cloud-api/support/error-codes/',
    });
  });
});

describe('graphErrorFromResponse', () => {
  it('parses subcode and fbtrace_id', () => {
    const error = graphErrorFromResponse(404, {
      error: { message: '(#132001) Template name does not exist in the translation', type: 'OAuthException', code: 132001, error_subcode: 2494073, fbtrace_id: 'AZx' },
    });
    expect(error).toMatchObject({ code: 132001, subcode: 2494073, fbtraceId: 'AZx', httpStatus: 404 });
    expect(error.details).toBeUndefined();
  });

  it('a non-Graph body still yields a GraphApiError: code 1 when transient, else 0', () => {
    const gateway = graphErrorFromResponse(502, '<html>Bad Gateway</html>');
    expect(gateway).toMatchObject({ code: 1, httpStatus: 502 });
    expect(gateway.message).toContain('Bad Gateway');
    expect(gateway.retryable).toBe(true);
    const notFound = graphErrorFromResponse(404, { unexpected: true });
    expect(notFound).toMatchObject({ code: 0, httpStatus: 404 });
    expect(notFound.retryable).toBe(false);
    expect(graphErrorFromResponse(500, undefined).code).toBe(1);
  });
});

describe('MessageLimitError', () => {
  it('carries code and field', () => {
    const error = new MessageLimitError(100, 'text.body', 'text.body must be 1 to 4096 characters (got 4097)');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 100, field: 'text.body', name: 'MessageLimitError' });
  });
});
