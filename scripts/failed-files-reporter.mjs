// A node:test reporter that writes one line per failing test: its file, then its name (tab-separated).
// scripts/run-tests.ts reads it to know which browser-test files to run once more.
export default async function* failedFiles(source) {
  for await (const event of source) {
    if (event.type === 'test:fail' && !event.data.todo) {
      yield `${event.data.file ?? ''}\t${String(event.data.name).replace(/\s+/g, ' ')}\n`;
    }
  }
}
