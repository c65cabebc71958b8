import { STATUS_CODES } from 'node:http';

type ErrorBody = { statusCode: number; error: string; code: string; message: string };

/** The fields body-parser's errors carry (the http-errors convention). */
interface ParserError {
  status: number;
  expose: boolean;
  type?: string;
  limit?: number;
  message: string;
}

function isParserError(e: unknown): e is ParserError {
  const x = e as Partial<ParserError> | null;
  return typeof x === 'object' && x !== null && typeof x.status === 'number' && x.expose === true && x.status >= 400 && x.status < 500;
}

/**
 * Errors the JSON body parser raises before any handler runs (they are not Nest exceptions, and
 * would otherwise answer 500): a body over the limit is 413, an encoding it cannot read 415, a
 * body that is not JSON 400; each says what to do. Undefined for anything else.
 */
export function bodyParserError(exception: unknown): ErrorBody | undefined {
  if (!isParserError(exception)) return undefined;
  const status = exception.status;
  const error = STATUS_CODES[status] ?? 'Error';
  switch (exception.type) {
    case 'entity.too.large':
      return {
        statusCode: 413,
        error,
        code: 'PAYLOAD_TOO_LARGE',
        message: `request body is larger than the orchestrator accepts (${exception.limit ?? '?'} bytes): split the request into smaller batches`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { statusCode: 415, error, code: 'UNSUPPORTED_MEDIA_TYPE', message: `${exception.message}: send UTF-8 JSON, uncompressed or gzip` };
    case 'entity.parse.failed':
      return { statusCode: 400, error, code: 'MALFORMED_JSON', message: `request body is not valid JSON: ${exception.message}` };
    default:
      return { statusCode: status, error, code: `HTTP_${status}`, message: exception.message };
  }
}
