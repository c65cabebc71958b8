import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The web console (apps/orchestrator/ui, docs/console.md): plain ES modules and a stylesheet,
 * served as they are at /ui, so nobody runs a build for it. The folder is found beside the sources
 * whether this runs from src (tests) or from dist/apps/orchestrator/src (the built service).
 * /ui itself is open like /docs: the files hold no data, and every call they make carries the token.
 */
export function consoleAssetsDir(): string | undefined {
  return [resolve(__dirname, '../../ui'), resolve(__dirname, '../../../../../apps/orchestrator/ui')].find((dir) => existsSync(resolve(dir, 'index.html')));
}

export function setupConsole(app: NestExpressApplication): void {
  const dir = consoleAssetsDir();
  if (!dir) return;
  // '/ui' without the slash: relative module URLs in index.html need the trailing one.
  app.use((req: Request, res: Response, next: NextFunction) => (req.path === '/ui' ? res.redirect(301, '/ui/') : next()));
  app.useStaticAssets(dir, { prefix: '/ui/', index: 'index.html', maxAge: 0 });
}
