import { HttpException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZodPipe } from './zod-body.pipe';

const pipe = new ZodPipe(z.strictObject({ north: z.number(), south: z.number() }), 'cross-connect request');

function refusal(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpException);
    return { status: (e as HttpException).getStatus(), ...((e as HttpException).getResponse() as { code: string; message: string }) };
  }
  throw new Error('expected a refusal');
}

describe('ZodPipe', () => {
  it('names each offending field', () => {
    expect(refusal(() => pipe.transform({ north: 1, south: 'x' }, { type: 'body' }))).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/^invalid cross-connect request: south: /),
    });
  });

  it('answers 415 for a body that did not arrive as JSON, saying which content type to send', () => {
    expect(refusal(() => pipe.transform(undefined, { type: 'body' }))).toEqual({
      status: 415,
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'the cross-connect request must be a JSON body: send it with content-type: application/json',
    });
  });

  it('treats a missing query value as a validation question, not a media type one', () => {
    const limit = new ZodPipe(z.coerce.number().int().min(1).default(100), 'limit');
    expect(limit.transform(undefined, { type: 'query' })).toBe(100);
  });
});
