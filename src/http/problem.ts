// Turns every error into application/problem+json with a stable code. 5xx bodies never leak internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, ERRORS, type ErrorCode } from '../shared/errors';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
  },
  { $id: 'Problem', additionalProperties: true },
);

/** Error responses every route may give; merged into each route's response schema. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, unknown> = {};
  for (const s of [400, 401, 403, 404, 409, 422, 429, 500, 503, ...statuses]) out[s] = Type.Ref('Problem');
  return out;
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, detail?: string, extra?: Record<string, unknown>): FastifyReply {
  const def = ERRORS[code];
  // An error that says how long to wait (extra.retryAfter, seconds) says it in the standard header too.
  if (typeof extra?.retryAfter === 'number') reply.header('retry-after', String(extra.retryAfter));
  return reply
    .code(def.status)
    .type('application/problem+json')
    .send({ type: `https://minhu.dev/errors/${code}`, title: def.title, status: def.status, code, detail: detail ?? def.title, ...(extra ?? {}) });
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding in the path, a path parameter over
 * maxParamLength): without this they are answered with Fastify's own JSON, not problem+json.
 * Pass as the `frameworkErrors` option of Fastify().
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : err.code === 'FST_ERR_BAD_URL' ? 'The URL path is not validly encoded.' : undefined;
  void sendProblem(reply, 'validation_failed', detail);
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'server error');
      // A limit that frees up later says when (reveal_limit_reached …); the seconds stay in the body too.
      if (typeof err.extra?.retryAfter === 'number') reply.header('Retry-After', String(err.extra.retryAfter));
      return sendProblem(reply, err.code, err.message, err.extra);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const errors = fe.validation.map((v) => ({ path: `/${fe.validationContext ?? 'body'}${v.instancePath}`, message: v.message ?? 'invalid' }));
      const first = errors[0];
      return sendProblem(reply, 'validation_failed', first ? `${first.path}: ${first.message}` : undefined, { errors });
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 'bad_json', fe.message);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(reply, 'unsupported_media_type', fe.message);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 'payload_too_large', fe.message);
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 'validation_failed', fe.message);
    }
    // SyntaxError from a parser, or a 4xx thrown by a plugin (e.g. bad content-type/charset).
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code: ErrorCode = fe.statusCode === 415 ? 'unsupported_media_type' : fe.statusCode === 413 ? 'payload_too_large' : fe.statusCode === 404 ? 'not_found' : 'validation_failed';
      return sendProblem(reply, code, fe.message);
    }
    // Database errors caused by input we failed to catch earlier must not become 5xx.
    const pgCode = (err as { code?: string }).code;
    // Class 22 = data exceptions (malformed or out-of-range values, e.g. 22P05: a NUL character that a jsonb
    // payload cannot hold), 23514 = a check constraint, 54000 = a value too large to index.
    if (typeof pgCode === 'string' && /^22[0-9A-Z]{3}$/.test(pgCode) || pgCode === '23514' || pgCode === '54000') {
      return sendProblem(reply, 'validation_failed', 'A value is out of range or malformed.');
    }
    if (pgCode === '23503') return sendProblem(reply, 'validation_failed', 'The request refers to something that does not exist (check the ids you sent).');
    if (pgCode === '23502') return sendProblem(reply, 'validation_failed', 'A required value is missing.');
    // A unique (or exclusion) constraint the service did not map to its own code — typically two requests
    // racing for the same name: still a conflict for the client to resolve, never a 500.
    if (pgCode === '23505' || pgCode === '23P01') return sendProblem(reply, 'conflict');
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'internal');
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, 'route_not_found', `${req.method} ${req.url.split('?')[0]} does not exist; see /docs.`));
}
