import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { formatIssues } from '@lightpath/contracts';
import type { z } from 'zod';
import { invalidRequest, unsupportedMediaType } from './api-errors';

/** Validates a body or parameter against a contract schema; the message names each offending field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  /** `pick` chooses the branch of a union the value means, for errors that name that branch's fields. */
  constructor(
    private readonly schema: S,
    private readonly what: string,
    private readonly pick?: (value: unknown) => z.ZodType,
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    // The JSON parser leaves the body undefined when the content type is not JSON.
    if (metadata?.type === 'body' && value === undefined) {
      throw unsupportedMediaType('UNSUPPORTED_MEDIA_TYPE', `the ${this.what} must be a JSON body: send it with content-type: application/json`);
    }
    const parsed = (this.pick?.(value) ?? this.schema).safeParse(value);
    if (!parsed.success) {
      // A parameter is a single value: "invalid path parameter north: must be ...", not "(root): must be ...".
      const issues = formatIssues(parsed.error).replace(/^\(root\): /, '');
      throw invalidRequest('INVALID_REQUEST', `invalid ${this.what}: ${issues}`);
    }
    return parsed.data as z.infer<S>;
  }
}
