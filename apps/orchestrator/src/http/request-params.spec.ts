import { HttpException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { decimalInteger, LimitQuerySchema } from './request-params';
import { ZodPipe } from './zod-body.pipe';

describe('decimalInteger (issue 7, item 7)', () => {
  const port = decimalInteger(1, 1024);

  it('reads plain decimal digits as the number they say', () => {
    expect(port.parse('1')).toBe(1);
    expect(port.parse('136')).toBe(136);
    expect(decimalInteger(0, 10).parse('0')).toBe(0);
  });

  it('refuses what Number() would read leniently: hex, exponents, signs, spaces, leading zeros, fractions', () => {
    for (const text of ['0x10', '1e2', ' 5', '5 ', '010', '+5', '-1', '5.0', '', '0b11', 'Infinity', '1_000']) {
      expect(port.safeParse(text).success, JSON.stringify(text)).toBe(false);
    }
  });

  it('refuses numbers out of range, and any beyond exact integers', () => {
    expect(port.safeParse('0').success).toBe(false);
    expect(port.safeParse('1025').success).toBe(false);
    expect(decimalInteger(0, Number.MAX_SAFE_INTEGER).safeParse('9007199254740993').success).toBe(false);
  });

  it('as a query value: absent means the default, repeated is refused, and the 400 names the parameter', () => {
    expect(LimitQuerySchema.parse(undefined)).toBe(100);
    expect(LimitQuerySchema.safeParse(['5', '6']).success).toBe(false);
    const pipe = new ZodPipe(decimalInteger(1, 1024), 'path parameter north');
    try {
      pipe.transform('0x10', { type: 'param' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(HttpException);
      expect((e as HttpException).getResponse()).toMatchObject({
        statusCode: 400,
        code: 'INVALID_REQUEST',
        message: 'invalid path parameter north: must be an integer from 1 to 1024 in plain decimal digits (no sign, leading zero, exponent or hex)',
      });
    }
  });
});
