// Requests Node's HTTP parser rejects before Fastify sees them (a bad request line, duplicate
// Content-Length, a NUL in a header, headers over the size limit, a too-slow client) are answered as
// application/problem+json with a stable code too. Pass as the `clientErrorHandler` option of Fastify().
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ERRORS, type ErrorCode } from '../shared/errors';
import { RAW_SECURITY_HEADERS } from './security';

const DETAIL: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'The request headers exceed the size limit.',
  HPE_INVALID_METHOD: 'The request line has an unknown method.',
  HPE_INVALID_URL: 'The request line has an invalid URL.',
  HPE_INVALID_VERSION: 'The request line has an invalid HTTP version.',
  HPE_INVALID_HEADER_TOKEN: 'A header name or value contains a character that is not allowed.',
  HPE_INVALID_CONSTANT: 'The request is not HTTP/1.1.',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'The request has more than one Content-Length, or both Content-Length and Transfer-Encoding.',
  HPE_INVALID_CONTENT_LENGTH: 'The Content-Length header is not a number.',
  HPE_INVALID_TRANSFER_ENCODING: 'The Transfer-Encoding header is not valid.',
  HPE_INVALID_CHUNK_SIZE: 'A chunk size in the chunked body is not valid.',
};

export function codeForClientError(errCode: string | undefined): ErrorCode {
  if (errCode === 'HPE_HEADER_OVERFLOW') return 'header_too_large';
  if (errCode === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request_timeout';
  return 'bad_request';
}

export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer to.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = codeForClientError(err.code);
  const def = ERRORS[code];
  const body = JSON.stringify({ type: `https://minhu.dev/errors/${code}`, title: def.title, status: def.status, code, detail: DETAIL[err.code ?? ''] ?? def.title });
  this.log.debug({ errCode: err.code }, `client error answered ${def.status} ${code}`);
  if (socket.writable) {
    const headers = { 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...RAW_SECURITY_HEADERS };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`HTTP/1.1 ${def.status} ${reasonPhrase(def.status)}\r\n${head}\r\n${body}`);
  }
  socket.destroy(err);
}

function reasonPhrase(status: number): string {
  return status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
}
