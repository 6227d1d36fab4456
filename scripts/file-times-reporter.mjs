// A node:test reporter that writes one line per top-level test: its duration in seconds, then its file
// (tab-separated). Lines are written as tests end (with --test-force-exit the run may end before a final summary
// would be written). scripts/run-tests.ts sums them per file and prints the slowest files after a run, so a CI log
// shows where the suite's time went.
export default async function* fileTimes(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      yield `${(Number(event.data.details?.duration_ms ?? 0) / 1000).toFixed(2)}\t${event.data.file}\n`;
    }
  }
}
