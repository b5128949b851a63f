// An unpacked copy of the extension that a test may update in place.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
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

// zip packs an unpacked copy as scripts/build does: the manifest and
// extension/ (Firefox installs it as an .xpi).
export function zip(dir, out) {
  execFileSync('python3', ['-c', `
import os, zipfile, sys
os.chdir(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write('manifest.json')
    for r, _, fs in os.walk('extension'):
        for f in fs: z.write(os.path.join(r, f))
`, dir, out]);
}
