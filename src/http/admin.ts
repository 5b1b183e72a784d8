/**
 * /api/admin/*: start a crawl, rebuild the index, see the state of runs,
 * releases and the engine. Behind a bearer token (ADMIN_TOKEN) compared in
 * constant time: 401 without one, 403 with a wrong one. Without a configured
 * token the routes do not exist (404), so an unset token never means "open".
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AdminService } from '../ops/admin.js';
import { MAX_BODY_BYTES } from './limits.js';

const crawlBodySchema = z.object({ source: z.string().min(1).max(100).optional() }).strict();

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests, so neither the token's length nor its bytes leak through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function requireToken(token: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      next(
        new AppError(
          'UNAUTHORIZED',
          'The admin API needs "Authorization: Bearer <ADMIN_TOKEN>".',
          401,
        ),
      );
      return;
    }
    if (!tokenMatches(match[1], token)) {
      next(new AppError('FORBIDDEN', 'The admin token is not the configured ADMIN_TOKEN.', 403));
      return;
    }
    next();
  };
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field =
    issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'body';
  throw new AppError(
    'INVALID_PARAMETER',
    `Invalid body field "${field}": ${issue?.message ?? 'invalid'}`,
    400,
    parsed.error.issues.map((i) => ({ param: i.path.join('.') || field, message: i.message })),
  );
}

export function adminRouter(token: string, admin: AdminService): Router {
  const router = Router();
  router.use(requireToken(token));
  router.use(express.json({ limit: MAX_BODY_BYTES, strict: true }));

  router.post('/crawl', (request, response) => {
    const { source } = parseBody(crawlBodySchema, request.body);
    response.status(202).json({ status: 'started', ...admin.crawl(source) });
  });

  router.post('/reindex', (_request, response) => {
    response.status(202).json({ status: 'started', ...admin.reindex() });
  });

  router.get('/status', async (_request, response) => {
    response.json(await admin.status());
  });

  return router;
}
