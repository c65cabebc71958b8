import { describe, expect, it } from 'vitest';
import { bodyParserError } from './body-parser-errors';

/** Built as body-parser builds them (http-errors): status, expose, type, and limit for size. */
const parserError = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('request entity too large'), { status, statusCode: status, expose: true, type, ...extra });

describe('bodyParserError', () => {
  it('turns a body over the limit into 413 PAYLOAD_TOO_LARGE naming the limit', () => {
    expect(bodyParserError(parserError(413, 'entity.too.large', { limit: 16_777_216 }))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'PAYLOAD_TOO_LARGE',
      message: 'request body is larger than the orchestrator accepts (16777216 bytes): split the request into smaller batches',
    });
  });

  it('turns an unreadable encoding into 415 and unparsable JSON into 400 MALFORMED_JSON', () => {
    expect(bodyParserError(parserError(415, 'encoding.unsupported'))?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(bodyParserError(parserError(400, 'entity.parse.failed'))?.code).toBe('MALFORMED_JSON');
  });

  it('leaves everything else to the caller: plain errors, unexposed errors, server errors', () => {
    expect(bodyParserError(new Error('boom'))).toBeUndefined();
    expect(bodyParserError(Object.assign(new Error('x'), { status: 400, expose: false }))).toBeUndefined();
    expect(bodyParserError(Object.assign(new Error('x'), { status: 500, expose: true }))).toBeUndefined();
    expect(bodyParserError(null)).toBeUndefined();
  });
});
