// An unpacked copy of the extension that a test may update in place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './browsers.mjs';

// copyExtension makes an unpacked copy we may update in place.
export function copyExtension(version) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourcelight-unpacked-'));
  fs.cpSync(path.join(root, 'extension'), path.join(dir, 'extension'), { recursive: true });
  setVersion(dir, version);
  return dir;
}
export function setVersion(dir, version) {
  const m = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json')));
  m.version = version;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
}

