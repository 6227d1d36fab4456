// Reading the live stream (GET /api/v1/stream, server-sent events) in tests: opens it with a session cookie and
// collects its text in the background until the server ends it or the signal aborts it.
import assert from 'node:assert/strict';

export interface LiveStream {
  /** everything received so far */
  text(): string;
  /** true once the server closed the stream (or it was aborted) */
  ended(): boolean;
}

export async function openLiveStream(baseUrl: string, cookie: string, signal: AbortSignal): Promise<LiveStream> {
  let text = '';
  let ended = false;
  const r = await fetch(`${baseUrl}/api/v1/stream`, { headers: { cookie }, signal });
  assert.equal(r.status, 200);
  const reader = r.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const c = await reader.read();
        if (c.done) break;
        text += decoder.decode(c.value, { stream: true });
      }
    } catch {
      /* aborted */
    }
    ended = true;
  })();
  return { text: () => text, ended: () => ended };
}
