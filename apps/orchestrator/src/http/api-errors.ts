import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';

/**
 * The API's error vocabulary. Each message says what was wrong and what to do; `code` is stable for
 * clients to branch on. Nest's exceptions carry the HTTP status, so the filter only formats.
 */
export const invalidRequest = (code: string, message: string) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message });

export const notFound = (code: string, message: string) =>
  new NotFoundException({ statusCode: 404, error: 'Not Found', code, message });

/** `extra`: fields a client needs beside the message, e.g. the circuits a plan would displace. */
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ConflictException({ statusCode: 409, error: 'Conflict', code, message, ...extra });

export const unavailable = (code: string, message: string) =>
  new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code, message });

export const unauthorized = (code: string, message: string) =>
  new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code, message });

export const forbidden = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ForbiddenException({ statusCode: 403, error: 'Forbidden', code, message, ...extra });

export const tooManyRequests = (code: string, message: string) =>
  new HttpException({ statusCode: 429, error: 'Too Many Requests', code, message }, 429);

export const unsupportedMediaType = (code: string, message: string) =>
  new UnsupportedMediaTypeException({ statusCode: 415, error: 'Unsupported Media Type', code, message });
