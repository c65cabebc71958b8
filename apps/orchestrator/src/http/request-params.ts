import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { ExamplesObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { MAX_PORTS_PER_SIDE } from '@lightpath/contracts';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';
import { openApiSchema } from './openapi-schema';
import { ZodPipe } from './zod-body.pipe';

/**
 * Path parameters, query parameters and JSON bodies, validated and documented from one zod schema
 * each: the pipe that checks a value and the OpenAPI text that describes it (type, pattern,
 * minimum, maximum, required fields) come from the same schema, so the document cannot promise
 * what the route refuses (issue 7, item 12). Handlers take their inputs only through these.
 */

/**
 * Plain decimal digits, no sign, no leading zero, at most 15 digits (below 2^53, so the number is
 * exact). `Number()` alone reads "0x10" as 16, "1e2" as 100 and " 5" (a decoded "%205") as 5.
 */
const DECIMAL = /^(0|[1-9][0-9]{0,14})$/;

/** An integer parameter in [min, max], written in plain decimal; anything else is a 400 naming it. */
export function decimalInteger(min: number, max: number) {
  return z
    .string({ error: `must be given once, as an integer from ${min} to ${max} in plain decimal digits` })
    .regex(DECIMAL, `must be an integer from ${min} to ${max} in plain decimal digits (no sign, leading zero, exponent or hex)`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A port number in a path (`/cross-connects/{north}`, `/ports/{side}/{port}`). */
export const PortParamSchema = decimalInteger(1, MAX_PORTS_PER_SIDE);

/** `?limit=`: how many entries a list answers, 1 to 1,000, default 100. */
export const LimitQuerySchema = decimalInteger(1, 1000).default(100);

/**
 * `@PathParam('north', schema)`: the route parameter `:north`, validated by `schema` (a 400 naming
 * it otherwise) and documented with that schema's constraints. `noun` says what a bare name such
 * as `id` or `name` is, for the message: "invalid path parameter name (topology name): ...".
 */
export function PathParam(name: string, schema: z.ZodType, example?: unknown, noun?: string): ParameterDecorator {
  const pipe = new ZodPipe(schema, noun ? `path parameter ${name} (${noun})` : `path parameter ${name}`);
  return (target, key, index) => {
    Param(name, pipe)(target, key, index);
    documentOn(target, key, ApiParam({ name, required: true, ...documented(schema, example) }));
  };
}

/**
 * `@QueryParams(schema, 'what')`: the whole query string, validated as one strict object (an unknown or
 * misspelt parameter is a 400 too) and documented parameter by parameter.
 */
export function QueryParams(schema: z.ZodObject, what = 'query', examples: Record<string, unknown> = {}): ParameterDecorator {
  const pipe = new ZodPipe(schema, what);
  return (target, key, index) => {
    Query(pipe)(target, key, index);
    for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const required = !field.safeParse(undefined).success;
      documentOn(target, key, ApiQuery({ name, required, ...documented(field, examples[name]) }));
    }
  };
}

export interface JsonBodyOptions {
  /** Named request examples shown in /docs (and tried first by API fuzzers). */
  examples?: ExamplesObject;
  /** One example, when there are no named ones. */
  example?: unknown;
  /** Picks the branch of a union the body means, for errors naming that branch's fields (ZodPipe). */
  pick?: (value: unknown) => z.ZodType;
}

/**
 * `@JsonBody(schema, 'what')`: the JSON request body, validated by `schema` (400 naming each
 * offending field; 415 when it did not arrive as JSON) and documented as the request body.
 */
export function JsonBody(schema: z.ZodType, what: string, options: JsonBodyOptions = {}): ParameterDecorator {
  const pipe = new ZodPipe(schema, what, options.pick);
  return (target, key, index) => {
    Body(pipe)(target, key, index);
    // The input side: what a caller sends (defaults not yet applied, text not yet transformed).
    const documentedSchema = openApiSchema(schema, options.example, 'input');
    documentOn(target, key, ApiBody({ required: true, schema: documentedSchema, ...(options.examples ? { examples: options.examples } : {}) }));
  };
}

/**
 * A parameter's OpenAPI schema and description. An integer is documented as the integer it means
 * (type, minimum, maximum: its decimal text is its wire form); anything else as the text the
 * route reads (a comma-separated list is a string, not the array it becomes).
 */
function documented(field: z.ZodType, example: unknown): { schema: SchemaObject; description?: string; example?: unknown } {
  const output = openApiSchema(field);
  const schema = output.type === 'integer' ? output : openApiSchema(field, undefined, 'input');
  const description = field.description ?? schema.description;
  return { schema, ...(description === undefined ? {} : { description }), ...(example === undefined ? {} : { example }) };
}

/** Applies a swagger method decorator from a parameter decorator (they run on the same method). */
function documentOn(target: object, key: string | symbol | undefined, decorator: MethodDecorator): void {
  if (key === undefined) throw new Error('http/request-params: PathParam and QueryParams decorate handler parameters, not constructors');
  const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
  decorator(target, key, descriptor);
}
