// Where attachment bytes live. A folder under the data directory by default; an S3-compatible
// store can implement the same interface later.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

export function folderStorage(root: string): BlobStorage {
  const file = (key: string) => path.join(root, key.slice(0, 2), key);
  return {
    async put(key, data) {
      await fs.mkdir(path.dirname(file(key)), { recursive: true });
      const tmp = `${file(key)}.tmp`;
      const fh = await fs.open(tmp, 'w');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, file(key));
    },
    async get(key) {
      try {
        return await fs.readFile(file(key));
      } catch {
        return null;
      }
    },
  };
}
