import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
  /** Path parameters in the template: a concrete path beats a templated one (OpenAPI 3, Paths Object). */
  params: number;
}

/** `/v1/switches/{switchId}` -> /^\/v1\/switches\/[^/]+$/ (a path parameter is one segment). */
function pathPattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** The methods each documented path answers; HEAD comes with GET and OPTIONS with every path (Express serves both). */
export function knownPaths(document: OpenAPIObject): KnownPath[] {
  return Object.entries(document.paths).map(([template, item]) => {
    const methods = new Set(METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return { pattern: pathPattern(template), methods, params: (template.match(/\{[^}]+\}/g) ?? []).length };
  });
}

/**
 * 405 Method Not Allowed with `Allow` for a method a known path does not answer (RFC 9110 15.5.6),
 * instead of Express's 404 "Cannot TRACE ...": the path exists, the method does not. Paths are
 * taken from the OpenAPI document, so the two cannot disagree; unknown paths stay 404. Runs before
 * routing and authentication: a method no token could make work needs no token to be refused.
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const paths = knownPaths(document);
  return (req: Request, res: Response, next: NextFunction): void => {
    const matching = paths.filter((p) => p.pattern.test(req.path));
    if (matching.length === 0) return next();
    // `/cross-connects/delete` is its own path, not `/cross-connects/{north}` with north "delete".
    const fewest = Math.min(...matching.map((p) => p.params));
    const allow = [...new Set(matching.filter((p) => p.params === fewest).flatMap((p) => [...p.methods]))].sort();
    if (allow.includes(req.method)) return next();
    res.setHeader('Allow', allow.join(', '));
    res.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      code: 'METHOD_NOT_ALLOWED',
      message: `${req.method} is not supported on ${req.path}: use ${allow.join(', ')}`,
    });
  };
}
