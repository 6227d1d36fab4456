// Under saturation answer 503 + Retry-After instead of falling over; recovers by itself when the
// event loop catches up. Health and docs stay reachable.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem';

export function registerOverloadGuard(app: FastifyInstance, maxDelayMs: number, maxHeapRatio = 0.95): void {
  if (maxDelayMs <= 0) return;
  const h = monitorEventLoopDelay({ resolution: 20 });
  h.enable();
  let overloaded = false;
  let hotBefore = false;
  const timer = setInterval(() => {
    // Saturation is a lag seen in two windows in a row: one stall (start-up, a GC pause, one heavy
    // request) must not turn ordinary requests away.
    const hot = h.max / 1e6 > maxDelayMs;
    const mem = process.memoryUsage();
    overloaded = (hot && hotBefore) || (mem.heapUsed / mem.heapTotal > maxHeapRatio && mem.heapTotal > 1.5e9);
    hotBefore = hot;
    h.reset();
  }, 500);
  timer.unref();
  app.addHook('onRequest', async (req, reply) => {
    if (overloaded && req.url.startsWith('/api/')) {
      reply.header('Retry-After', '2');
      return sendProblem(reply, 'overloaded');
    }
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    h.disable();
  });
}
